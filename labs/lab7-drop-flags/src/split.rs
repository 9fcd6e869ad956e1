//! Exercise 4 (stretch): one owning reference to a whole array, split into
//! one owning reference per element, all counted by the slot's one flag.

use std::pin::Pin;

use crate::slot::MoveRef;

// ANCHOR: split
/// Turns the owning reference to a whole array into one owning reference per
/// element, in index order: the `i`-th points at element `i` where it lies
/// in the slot's storage.
///
/// What must hold afterwards:
///
/// - Element `i` has one owner, the `i`-th `MoveRef`: dropping it drops that
///   element in place, once; `MoveRef::into_inner` moves it out, once.
///   Nothing else ever reads or drops an element again, not the array's
///   `MoveRef` either.
/// - The slot's flag counts exactly the elements still owned in the slot:
///   it goes dead when the last of the `N` parts is dropped or moved out, in
///   any order, and stays up while any one of them is forgotten, so the
///   slot's trap fires. An empty array leaves nothing to count.
/// - No element moves.
pub fn split<'frame, T, const N: usize>(whole: MoveRef<'frame, [T; N]>) -> [MoveRef<'frame, T>; N] {
    todo!(
        "lab7 exercise 4: one owner per element, each counted by the slot's flag, none dropped by the whole (book: ch. 4, Splitting an owning reference)"
    )
}

/// [`split`] for a pinned array. Pinning an array pins its elements: each
/// part must stay pinned where it lies, and no element may move out of its
/// place before its destructor has run.
pub fn split_pinned<'frame, T, const N: usize>(
    whole: Pin<MoveRef<'frame, [T; N]>>,
) -> [Pin<MoveRef<'frame, T>>; N] {
    todo!("lab7 exercise 4: one pinned owner per pinned element (book: ch. 4, Splitting an owning reference)")
}
// ANCHOR_END: split

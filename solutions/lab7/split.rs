//! Exercise 4 (stretch): one owning reference to a whole array, split into
//! one owning reference per element, all counted by the slot's one flag.

use std::mem::ManuallyDrop;
use std::pin::Pin;
use std::ptr;

use crate::slot::MoveRef;

// ANCHOR: split
/// Turns the owning reference to a whole array into one owning reference per
/// element, in index order.
pub fn split<'frame, T, const N: usize>(whole: MoveRef<'frame, [T; N]>) -> [MoveRef<'frame, T>; N] {
    // The whole gives up its elements: its `Drop` must never run, or it
    // would drop them in place while their parts still own them.
    let whole = ManuallyDrop::new(whole);
    let flag = whole.flag;
    // SAFETY: `whole` is never used or dropped again, so the borrow read out
    // of it here is the only one left, for as long as it lasted in `whole`.
    let elements = unsafe { ptr::read(&whole.value) };
    // The flag counted the array as one live value; now it counts each
    // element. Raise it for the parts before the whole's count goes.
    for _ in 0..N {
        flag.inc();
    }
    flag.dec();
    elements.each_mut().map(|value| MoveRef { value, flag })
}
// ANCHOR_END: split

// ANCHOR: split_pinned
/// [`split`] for a pinned array.
pub fn split_pinned<'frame, T, const N: usize>(
    whole: Pin<MoveRef<'frame, [T; N]>>,
) -> [Pin<MoveRef<'frame, T>>; N] {
    // SAFETY: the `MoveRef` taken out of the `Pin` is only split, which moves
    // no element, and each part is pinned again at once.
    let whole = unsafe { Pin::into_inner_unchecked(whole) };
    split(whole).map(|part| {
        // SAFETY: the element was pinned as part of the array and has not
        // moved; its part is now the only way to it and never moves it, and
        // the slot's flag counts it, so the trap keeps its storage from
        // being reused before its destructor runs.
        unsafe { Pin::new_unchecked(part) }
    })
}
// ANCHOR_END: split_pinned

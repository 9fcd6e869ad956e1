//! Exercise 2: pinning through an owning reference, a self-referential
//! value built in place, and taking an `Unpin` value back out.

use std::pin::Pin;

use crate::loopback::Loopback;
use crate::slot::{MoveRef, Slot};
use crate::tracked::DropCounter;

// ANCHOR: pin
impl<'frame, T> Slot<'frame, T> {
    /// Moves `value` into the slot and pins it there: from now on it is not
    /// moved out of the storage, and the storage is not reused or freed
    /// before its destructor has run, even if the `MoveRef` is forgotten.
    pub fn pin(self, value: T) -> Pin<MoveRef<'frame, T>> {
        todo!(
            "lab7 exercise 2: the value pinned in its slot, and why that is sound (book: ch. 4, Pinning through an owning reference)"
        )
    }
}

/// Takes an `Unpin` value back out of a pinned `MoveRef`, as a move out of
/// the slot (the value is dropped once, by its new owner). A value that is
/// not `Unpin` must never get out this way.
pub fn unpin<T: Unpin>(pinned: Pin<MoveRef<'_, T>>) -> T {
    todo!(
        "lab7 exercise 2: an Unpin value back out of its pin (book: ch. 4, Pinning through an owning reference)"
    )
}
// ANCHOR_END: pin

// ANCHOR: loopback
/// A `Loopback` with `label`, counted by `counter`, that points at its own
/// final address: the address it keeps until it is dropped.
pub fn loopback<'frame, 'c>(
    slot: Slot<'frame, Loopback<'c>>,
    label: &str,
    counter: &'c DropCounter,
) -> Pin<MoveRef<'frame, Loopback<'c>>> {
    todo!(
        "lab7 exercise 2: a Loopback that points at where it will stay (book: ch. 4, Pinning through an owning reference)"
    )
}
// ANCHOR_END: loopback

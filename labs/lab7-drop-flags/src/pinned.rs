//! Exercise 2: pinning through an owning reference, a self-referential
//! value built in place, and taking an `Unpin` value back out.

use std::pin::Pin;

use crate::loopback::Loopback;
use crate::slot::{MoveRef, Slot};
use crate::tracked::DropCounter;

// ANCHOR: pin
impl<'frame, T> Slot<'frame, T> {
    /// Moves `value` into the slot and pins it there.
    pub fn pin(self, value: T) -> Pin<MoveRef<'frame, T>> {
        todo!(
            "lab7 exercise 2: put, then pin; say why it is sound (book: ch. 4, Pinning through an owning reference)"
        )
    }
}

/// Takes an `Unpin` value back out of a pinned `MoveRef`.
pub fn unpin<T: Unpin>(pinned: Pin<MoveRef<'_, T>>) -> T {
    todo!("lab7 exercise 2: unpin, then into_inner (book: ch. 4, Pinning through an owning reference)")
}
// ANCHOR_END: pin

// ANCHOR: loopback
/// Builds a `Loopback` in `slot`, pins it and initialises it in place, so it
/// points at its own final address.
pub fn loopback<'frame, 'c>(
    slot: Slot<'frame, Loopback<'c>>,
    label: &str,
    counter: &'c DropCounter,
) -> Pin<MoveRef<'frame, Loopback<'c>>> {
    todo!("lab7 exercise 2: build, pin, then init (book: ch. 4, Pinning through an owning reference)")
}
// ANCHOR_END: loopback

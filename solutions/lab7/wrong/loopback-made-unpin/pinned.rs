//! Wrong: `impl Unpin for Loopback`, so a pinned `Loopback` can be unwrapped from its `Pin` or swapped through `&mut` and moved away from the address it recorded: unsound.
//! Caught by: ex2_pinned::safe_code_cannot_move_a_pinned_value

use std::pin::Pin;

use crate::loopback::Loopback;
use crate::slot::{MoveRef, Slot};
use crate::tracked::DropCounter;

// ANCHOR: pin
impl<'frame, T> Slot<'frame, T> {
    /// Moves `value` into the slot and pins it there.
    pub fn pin(self, value: T) -> Pin<MoveRef<'frame, T>> {
        // SAFETY: the value now lives in the slot's storage and is only
        // reachable through the `MoveRef`, which never moves it. Its
        // destructor runs before the storage is reused: the `MoveRef`'s
        // drop runs it, and if the `MoveRef` is forgotten the slot's trap
        // aborts the process before the storage can be reused.
        unsafe { Pin::new_unchecked(self.put(value)) }
    }
}

/// Takes an `Unpin` value back out of a pinned `MoveRef`.
pub fn unpin<T: Unpin>(pinned: Pin<MoveRef<'_, T>>) -> T {
    MoveRef::into_inner(Pin::into_inner(pinned))
}
// ANCHOR_END: pin

// A `Loopback` is only ever reached through its `MoveRef`, which never moves
// it, so it may as well be `Unpin`.
impl Unpin for Loopback<'_> {}

// ANCHOR: loopback
/// Builds a `Loopback` in `slot`, pins it and initialises it in place, so it
/// points at its own final address.
pub fn loopback<'frame, 'c>(
    slot: Slot<'frame, Loopback<'c>>,
    label: &str,
    counter: &'c DropCounter,
) -> Pin<MoveRef<'frame, Loopback<'c>>> {
    let mut pinned = slot.pin(Loopback::new(label, counter));
    pinned.as_mut().init();
    pinned
}
// ANCHOR_END: loopback

//! Wrong: `loopback` initialises the value on its own stack and then moves it into the slot, so it points at where it was, not where it is: unsound (a pinned value moved).
//! Caught by: ex2_pinned::a_loopback_points_at_itself

use std::pin::Pin;

use crate::loopback::Loopback;
use crate::slot::{MoveRef, Slot};
use crate::tracked::DropCounter;

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

/// Builds a `Loopback` in `slot`, pins it and initialises it in place, so it
/// points at its own final address.
pub fn loopback<'frame, 'c>(
    slot: Slot<'frame, Loopback<'c>>,
    label: &str,
    counter: &'c DropCounter,
) -> Pin<MoveRef<'frame, Loopback<'c>>> {
    let mut value = Loopback::new(label, counter);
    // SAFETY: `value` is initialised here and only moved once, into the slot.
    unsafe { Pin::new_unchecked(&mut value) }.init();
    slot.pin(value)
}

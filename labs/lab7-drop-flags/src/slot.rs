//! Exercise 1: a stack slot, an owning reference into it, and the drop flag
//! that records whether the value in the slot still needs dropping.
//! `DropFlag` and `MoveRef`, with their fields, are given, in `src/given.rs`.

use std::mem::MaybeUninit;

pub use crate::given::{DropFlag, MoveRef};

// ANCHOR: flag
impl DropFlag {
    /// One more value needs dropping.
    pub fn inc(&self) {
        todo!("lab7 exercise 1: count one more live value (book: ch. 4, An explicit drop flag)")
    }

    /// One value was dropped or moved out.
    pub fn dec(&self) {
        todo!("lab7 exercise 1: count one value gone (book: ch. 4, An explicit drop flag)")
    }

    /// Whether every value counted by this flag is gone.
    pub fn is_dead(&self) -> bool {
        todo!("lab7 exercise 1: no value left to drop? (book: ch. 4, An explicit drop flag)")
    }
}
// ANCHOR_END: flag

// ANCHOR: slot
/// Uninitialised storage in some caller's frame, with its drop flag.
pub struct Slot<'frame, T> {
    storage: &'frame mut MaybeUninit<T>,
    flag: &'frame DropFlag,
}

impl<'frame, T> Slot<'frame, T> {
    /// A slot over `storage`, counted by `flag`.
    ///
    /// # Safety
    ///
    /// Before `storage` is freed or reused, something must check `flag` and
    /// refuse to go on (abort) if it is not dead: a `Trap`. The `slot!`
    /// macro arranges that; call this directly only in tests that check the
    /// flag themselves.
    pub unsafe fn new(storage: &'frame mut MaybeUninit<T>, flag: &'frame DropFlag) -> Self {
        Slot { storage, flag }
    }

    /// Moves `value` into the slot and returns the owning reference to it.
    pub fn put(self, value: T) -> MoveRef<'frame, T> {
        todo!("lab7 exercise 1: write the value and raise the flag (book: ch. 4, An explicit drop flag)")
    }
}
// ANCHOR_END: slot

// ANCHOR: moveref
impl<T> MoveRef<'_, T> {
    /// Moves the value out of the slot, leaving the slot empty.
    pub fn into_inner(this: Self) -> T {
        todo!("lab7 exercise 1: move the value out, exactly once (book: ch. 4, An explicit drop flag)")
    }
}

impl<T> Drop for MoveRef<'_, T> {
    fn drop(&mut self) {
        todo!("lab7 exercise 1: drop the value in place (book: ch. 4, An explicit drop flag)")
    }
}
// ANCHOR_END: moveref

// ANCHOR: macro
/// Declares slots in the caller's frame: `slot!(a, b);` makes, for each name,
/// hidden storage, a hidden drop flag, a hidden trap on that flag and the
/// `Slot` itself.
#[macro_export]
macro_rules! slot {
    ($($name:ident),+ $(,)?) => {
        $(
            let $name: $crate::slot::Slot<'_, _> = todo!(
                "lab7 exercise 1: storage, flag and trap in the caller's frame (book: ch. 4, A trap in the caller's frame)"
            );
        )+
    };
}
// ANCHOR_END: macro

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

    /// One value was dropped or moved out. With no value alive, some value
    /// was counted as gone twice: that bug must show (panic), never pass.
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
    /// From now until that reference drops the value or gives it up, the
    /// slot's flag counts the value as live, and the slot itself is used up.
    pub fn put(self, value: T) -> MoveRef<'frame, T> {
        todo!(
            "lab7 exercise 1: a value in the storage, owned by the MoveRef, counted by the flag (book: ch. 4, An explicit drop flag)"
        )
    }
}
// ANCHOR_END: slot

// ANCHOR: moveref
impl<T> MoveRef<'_, T> {
    /// Moves the value out of the slot, leaving the slot empty: the flag no
    /// longer counts it, nothing drops it in the slot, and its destructor is
    /// now its new owner's business, to run once.
    pub fn into_inner(this: Self) -> T {
        todo!("lab7 exercise 1: the value, moved out exactly once (book: ch. 4, An explicit drop flag)")
    }
}

impl<T> Drop for MoveRef<'_, T> {
    /// Drops the value where it lies (it may be pinned there), once, and the
    /// flag stops counting it. A destructor may panic: the value then still
    /// counts as dropped, and the trap must not turn that unwind into an
    /// abort.
    fn drop(&mut self) {
        todo!(
            "lab7 exercise 1: the value dropped in place, and no longer counted (book: ch. 4, An explicit drop flag)"
        )
    }
}
// ANCHOR_END: moveref

// ANCHOR: macro
/// Declares slots in the caller's frame: `slot!(a, b);` makes, for each name,
/// a `Slot` over storage in the caller's scope whose flag is checked by a
/// trap when that scope ends: after every `MoveRef` into the storage is
/// gone, before the storage itself goes. The caller can name none of the
/// hidden parts, so it can neither touch the storage nor move or forget the
/// trap.
#[macro_export]
macro_rules! slot {
    ($($name:ident),+ $(,)?) => {
        $(
            let $name: $crate::slot::Slot<'_, _> = todo!(
                "lab7 exercise 1: a slot whose flag is checked before its storage goes (book: ch. 4, A trap in the caller's frame)"
            );
        )+
    };
}
// ANCHOR_END: macro

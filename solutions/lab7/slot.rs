//! Exercise 1: a stack slot, an owning reference into it, and the drop flag
//! that records whether the value in the slot still needs dropping.
//! `DropFlag` and `MoveRef`, with their fields, are given, in `src/given.rs`.

use std::mem::{self, MaybeUninit};
use std::ptr;

pub use crate::given::{DropFlag, MoveRef};

// ANCHOR: flag
impl DropFlag {
    /// One more value needs dropping.
    pub fn inc(&self) {
        self.live.set(self.live.get() + 1);
    }

    /// One value was dropped or moved out.
    pub fn dec(&self) {
        let live = self.live.get();
        assert!(live > 0, "DropFlag::dec on a flag with nothing alive");
        self.live.set(live - 1);
    }

    /// Whether every value counted by this flag is gone.
    pub fn is_dead(&self) -> bool {
        self.live.get() == 0
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
        let Slot { storage, flag } = self;
        let value = storage.write(value);
        flag.inc();
        MoveRef { value, flag }
    }
}
// ANCHOR_END: slot

// ANCHOR: moveref
impl<T> MoveRef<'_, T> {
    /// Moves the value out of the slot, leaving the slot empty.
    pub fn into_inner(this: Self) -> T {
        let this = mem::ManuallyDrop::new(this);
        // SAFETY: the value is initialised, and `this` is never used or
        // dropped again, so it is read exactly once.
        let value = unsafe { ptr::read(&*this.value) };
        // The slot no longer holds a value: the trap must stay quiet.
        this.flag.dec();
        value
    }
}

impl<T> Drop for MoveRef<'_, T> {
    fn drop(&mut self) {
        // Lower the flag first: if the value's destructor panics, the value
        // still counts as dropped, and the trap must not abort the unwind.
        self.flag.dec();
        // SAFETY: the value is initialised and owned by this reference; after
        // this nothing reads it again (the reference is being dropped).
        unsafe { ptr::drop_in_place(self.value) };
    }
}
// ANCHOR_END: moveref

// ANCHOR: macro
/// Declares slots in the caller's frame: `slot!(a, b);` makes, for each name,
/// hidden storage, a hidden drop flag, a hidden trap on that flag and the
/// `Slot` itself. The hidden names are hygienic, so the caller cannot move or
/// forget the trap: it is dropped when the caller's scope ends, after every
/// `MoveRef` into its storage and before the storage.
#[macro_export]
macro_rules! slot {
    ($($name:ident),+ $(,)?) => {
        $( $crate::slot!(@one $name); )+
    };
    (@one $name:ident) => {
        let mut storage = ::core::mem::MaybeUninit::uninit();
        let flag = $crate::slot::DropFlag::new();
        // `_trap`, not `_`: a binding keeps it alive until the scope ends.
        let _trap = $crate::trap::Trap::new(&flag);
        // SAFETY: `_trap` checks `flag` before `storage` goes away, and
        // aborts if a `MoveRef` into it was forgotten.
        let $name = unsafe { $crate::slot::Slot::new(&mut storage, &flag) };
    };
}
// ANCHOR_END: macro

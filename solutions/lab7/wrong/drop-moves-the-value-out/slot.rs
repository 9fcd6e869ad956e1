//! Wrong: `MoveRef`'s `Drop` reads the value out of the slot and drops the copy, so a pinned value is moved before its destructor runs: unsound.
//! Caught by: ex2_pinned::pinned_values_are_dropped_in_place
//! Caught by: ex2_pinned::a_pinned_value_stays_put_while_its_moveref_moves

use std::cell::Cell;
use std::mem::{self, MaybeUninit};
use std::ops::{Deref, DerefMut};
use std::ptr;

// ANCHOR: flag
/// How many owning references into the storage next to it are still alive.
/// Zero ("dead") means nothing there needs dropping. A counter, not a bool,
/// so one flag can stand for several values (a vector of pinned slots).
pub struct DropFlag {
    live: Cell<usize>,
}

impl DropFlag {
    /// A flag with nothing alive.
    pub const fn new() -> Self {
        DropFlag { live: Cell::new(0) }
    }

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

impl Default for DropFlag {
    fn default() -> Self {
        Self::new()
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
/// An owning reference: it borrows the storage for `'frame`, but owns the
/// value in it and drops it in place.
pub struct MoveRef<'frame, T> {
    value: &'frame mut T,
    flag: &'frame DropFlag,
}

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
        drop(unsafe { ptr::read(&*self.value) });
    }
}
// ANCHOR_END: moveref

impl<T> Deref for MoveRef<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.value
    }
}

impl<T> DerefMut for MoveRef<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.value
    }
}

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

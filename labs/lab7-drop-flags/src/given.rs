//! Given code for exercises 1 and 3: the drop flag, the owning reference and
//! the trap, with their fields, and the methods you do not write. Write the
//! rest in `src/slot.rs` and `src/trap.rs`. (`Slot` stays in `src/slot.rs`:
//! its fields and `Slot::new` are what `tests/ui/slot/fail/` checks.)

use std::cell::Cell;
use std::ops::{Deref, DerefMut};

// ANCHOR: flag
/// How many owning references into the storage next to it are still alive.
/// Zero ("dead") means nothing there needs dropping. A counter, not a bool,
/// so one flag can stand for several values (a vector of pinned slots).
pub struct DropFlag {
    pub(crate) live: Cell<usize>,
}

impl DropFlag {
    /// A flag with nothing alive.
    pub const fn new() -> Self {
        DropFlag { live: Cell::new(0) }
    }
}

impl Default for DropFlag {
    fn default() -> Self {
        Self::new()
    }
}
// ANCHOR_END: flag

// ANCHOR: moveref
/// An owning reference: it borrows the storage for `'frame`, but owns the
/// value in it and drops it in place.
pub struct MoveRef<'frame, T> {
    pub(crate) value: &'frame mut T,
    pub(crate) flag: &'frame DropFlag,
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

// ANCHOR: trap
/// Checks a drop flag when the caller's scope ends.
pub struct Trap<'frame> {
    pub(crate) flag: &'frame DropFlag,
}

impl<'frame> Trap<'frame> {
    /// A trap on `flag`.
    pub fn new(flag: &'frame DropFlag) -> Self {
        Trap { flag }
    }
}
// ANCHOR_END: trap

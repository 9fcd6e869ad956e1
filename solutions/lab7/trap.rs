//! Exercise 3: the trap that sits in the caller's frame, next to a slot's
//! storage and flag, and aborts if a `MoveRef` into that storage was
//! forgotten.

use std::io::Write;

use crate::TRAP_MESSAGE;
use crate::slot::DropFlag;

// ANCHOR: trap
/// Checks a drop flag when the caller's scope ends.
pub struct Trap<'frame> {
    flag: &'frame DropFlag,
}

impl<'frame> Trap<'frame> {
    /// A trap on `flag`.
    pub fn new(flag: &'frame DropFlag) -> Self {
        Trap { flag }
    }
}

impl Drop for Trap<'_> {
    fn drop(&mut self) {
        if !self.flag.is_dead() {
            // A panic would unwind, pop this frame and free the storage
            // under a value someone pinned. Abort: no code runs after this.
            let _ = writeln!(std::io::stderr(), "{TRAP_MESSAGE}");
            std::process::abort();
        }
    }
}
// ANCHOR_END: trap

//! Wrong: the trap panics instead of aborting, so the panic unwinds, the frame is popped and the storage under a pinned value is reused without its destructor: unsound.
//! Caught by: ex3_trap::forgetting_a_moveref_aborts
//! Caught by: ex3_trap::forgetting_a_pinned_moveref_aborts

use crate::TRAP_MESSAGE;
use crate::slot::DropFlag;

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
            // Stop the program with a clear message.
            panic!("{TRAP_MESSAGE}");
        }
    }
}

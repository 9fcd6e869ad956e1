//! Wrong: the trap never looks at the flag, so a forgotten MoveRef lets the frame go on and reuse storage under a pinned value without its destructor: unsound.
//! Caught by: ex3_trap::forgetting_a_moveref_aborts

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
        // The MoveRef drops the value; nothing is left to check here.
        let _ = self.flag;
    }
}

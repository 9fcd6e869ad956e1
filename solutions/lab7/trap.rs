//! Exercise 3: the trap that sits in the caller's frame, next to a slot's
//! storage and flag, and aborts if a `MoveRef` into that storage was
//! forgotten.
//! `Trap` and its field are given, in `src/given.rs`.

use std::io::Write;

use crate::TRAP_MESSAGE;
pub use crate::given::Trap;

// ANCHOR: trap
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

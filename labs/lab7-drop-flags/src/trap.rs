//! Exercise 3: the trap that sits in the caller's frame, next to a slot's
//! storage and flag, and aborts if a `MoveRef` into that storage was
//! forgotten.
//! `Trap` and its field are given, in `src/given.rs`.

pub use crate::given::Trap;

// ANCHOR: trap
impl Drop for Trap<'_> {
    fn drop(&mut self) {
        // Given, so that exercise 1 works before this one: a dead flag
        // means there is nothing to check.
        if !self.flag.is_dead() {
            // A `MoveRef` into this frame's storage was forgotten: its value
            // may be pinned there, and the frame is about to end. No code
            // of this program may run after this point, not even unwinding;
            // `crate::TRAP_MESSAGE` must be on stderr first.
            todo!(
                "lab7 exercise 3: nothing runs after a forgotten MoveRef's frame ends (book: ch. 4, A trap in the caller's frame)"
            )
        }
    }
}
// ANCHOR_END: trap

//! Lab 7: a stack slot, an owning reference into it with an explicit drop
//! flag, and a trap in the caller's frame that aborts when the reference was
//! forgotten.
//!
//! Read chapter 4 of the book, then fill in the `todo!()`s in the files named
//! below and check your work with `cargo test -p lab7`. The lab sheet is
//! `src/ch04-drop-flags/lab7.md` in the book.
//!
//! With `--features solution` the same tests run against the reference
//! answers in `solutions/lab7/` instead of your files.

// Unused arguments and fields are expected while a function is still a stub.
#![cfg_attr(not(feature = "solution"), allow(unused_variables, dead_code, unreachable_code))]

pub mod loopback;
pub mod tracked;

/// Given: `DropFlag`, `MoveRef` and `Trap` with their fields, and the methods
/// you do not write.
mod given;

/// Exercise 1: `DropFlag`, `Slot`, `MoveRef` and the `slot!` macro.
#[cfg_attr(feature = "solution", path = "../../../solutions/lab7/slot.rs")]
pub mod slot;

/// Exercise 2: pinning through a `MoveRef`.
#[cfg_attr(feature = "solution", path = "../../../solutions/lab7/pinned.rs")]
pub mod pinned;

/// Exercise 3: the trap that aborts when a `MoveRef` was forgotten.
#[cfg_attr(feature = "solution", path = "../../../solutions/lab7/trap.rs")]
pub mod trap;

/// Exercise 4 (stretch): one owning reference per element of an array.
#[cfg_attr(feature = "solution", path = "../../../solutions/lab7/split.rs")]
pub mod split;

/// What the trap prints to stderr before it aborts the process. The tests
/// look for it.
pub const TRAP_MESSAGE: &str =
    "lab7 trap: a MoveRef was forgotten while its stack slot is still borrowed; aborting";

//! Lab 2: scoped worker threads, built twice.
//!
//! Read chapter 2 of the book, then fill in the `todo!()`s in the files named
//! below and check your work with `cargo test -p lab2`. The lab sheet is
//! `src/ch02-guards-and-closures/lab2.md` in the book.
//!
//! - Exercise 1 (`scope.rs`): a guarded closure, `scope(|s| { s.spawn(..); })`,
//!   whose worker threads may borrow the caller's data.
//! - Exercise 2 (`fill.rs`): use it to fill a borrowed buffer from several
//!   workers; the tests also prove that safe code cannot misuse the scope.
//! - Exercise 3 (`guard.rs`): the same idea as a guard object, whose `Drop`
//!   joins the worker. `mem::forget` makes it unsound: see
//!   `examples/forgotten_guard.rs` and run it under Miri.
//! - Exercise 4 (`chunks.rs`, a stretch): design a parallel for-each that
//!   lends the chunks of a borrowed buffer to a pool of workers.
//!
//! With `--features solution` the same tests run against the reference
//! answers in `solutions/lab2/` instead of your files.

// Unused arguments and fields are expected while a function is still a stub.
#![cfg_attr(not(feature = "solution"), allow(unused_variables, dead_code))]

pub mod handles;
pub mod unchecked;

/// Exercise 1: `scope`, `Scope::spawn` and `ScopedJoinHandle::join`.
#[cfg_attr(feature = "solution", path = "../../../solutions/lab2/scope.rs")]
pub mod scope;

/// Exercise 2: fill a borrowed buffer from scoped workers.
#[cfg_attr(feature = "solution", path = "../../../solutions/lab2/fill.rs")]
pub mod fill;

/// Exercise 3: a guard object that joins its worker when dropped.
#[cfg_attr(feature = "solution", path = "../../../solutions/lab2/guard.rs")]
pub mod guard;

/// Exercise 4 (stretch): lend the chunks of a borrowed buffer to workers.
#[cfg_attr(feature = "solution", path = "../../../solutions/lab2/chunks.rs")]
pub mod chunks;

pub use handles::{JoinGuard, Scope, ScopedJoinHandle};
pub use scope::scope;

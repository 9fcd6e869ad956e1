//! Lab 8: a reference-counted handle, `MyArc<T>`, whose last `Drop` frees the
//! block without holding a reference into it, and an optional `Weak<T>`.
//!
//! Read chapter 5 of the book, then fill in the `todo!()`s in `src/arc.rs`
//! (and, for the stretch exercise 4, in `src/make_mut.rs`) and check your
//! work with `cargo test -p lab8`, under Miri with
//! `cargo +nightly miri test -p lab8`, and under loom with
//! `RUSTFLAGS="--cfg loom" cargo test -p lab8 --release --test ex3_loom --target-dir target/loom`.
//! The lab sheet is `src/ch05-atomic-deallocation/lab8.md` in the book.
//!
//! With `--features solution` the same tests run against the reference
//! answers in `solutions/lab8/` instead of your files.

// Unused arguments and fields are expected while a function is still a stub.
#![cfg_attr(not(feature = "solution"), allow(unused_variables, dead_code, unreachable_code))]

pub mod sync;

/// Given: the block and the two handles' fields.
mod block;

/// Exercises 1 and 2: the methods of `MyArc<T>` and `Weak<T>`.
#[cfg_attr(feature = "solution", path = "../../../solutions/lab8/arc.rs")]
pub mod arc;

/// Exercise 4 (stretch): `MyArc::make_mut`, clone-on-write with `Weak`s about.
#[cfg_attr(feature = "solution", path = "../../../solutions/lab8/make_mut.rs")]
pub mod make_mut;

pub use block::{MyArc, Weak};

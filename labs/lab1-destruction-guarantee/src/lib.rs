//! Lab 1: forgetting values on purpose, and guards that stay sound when
//! forgotten.
//!
//! Read chapter 1 of the book, then fill in the `todo!()`s in the files named
//! below and check your work with `cargo test -p lab1`. The lab sheet is
//! `src/ch01-destruction-guarantee/lab1.md` in the book.
//!
//! With `--features solution` the same tests run against the reference
//! answers in `solutions/lab1/` instead of your files. Exercise 4 needs a
//! nightly toolchain and `--features nightly`.

// Unused arguments and fields are expected while a function is still a stub,
// and so is an unused `negative_impls` until exercise 4 is written.
#![cfg_attr(not(feature = "solution"), allow(unused_variables, dead_code, unused_features))]
// Exercise 4 experiments with unstable features, on nightly only.
#![cfg_attr(feature = "nightly", feature(auto_traits, negative_impls))]

pub mod bag;
pub mod ledger;
pub mod node;
pub mod tracked;

/// Exercise 1: three ways to leak a value in safe code.
#[cfg_attr(feature = "solution", path = "../../../solutions/lab1/leaks.rs")]
pub mod leaks;

/// Exercise 2: a guard that restores an invariant in `Drop`, leaked; then a
/// sound guarded closure.
#[cfg_attr(feature = "solution", path = "../../../solutions/lab1/guard.rs")]
pub mod guard;

/// Exercise 3: a `drain` with leak amplification.
#[cfg_attr(feature = "solution", path = "../../../solutions/lab1/drain.rs")]
pub mod drain;

/// Exercise 5 (stretch): `Bag::extract_if`, a filtering drain that survives
/// being forgotten and a panicking predicate.
#[cfg_attr(feature = "solution", path = "../../../solutions/lab1/extract_if.rs")]
pub mod extract_if;

/// The `Leak` auto trait and a `forget` that needs it (nightly only).
#[cfg(feature = "nightly")]
pub mod leak;

/// Exercise 4 (nightly): `Unleak<T>`, `Leak` only when `T: 'static`.
#[cfg(feature = "nightly")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lab1/unleak.rs")]
pub mod unleak;

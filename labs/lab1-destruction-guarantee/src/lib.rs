//! Lab 1: forgetting values on purpose.
//!
//! Read chapter 1 of the book, then fill in the `todo!()`s in the files named
//! below and check your work with `cargo test -p lab1`. The lab sheet is
//! `src/ch01-destruction-guarantee/lab1.md` in the book.
//!
//! With `--features solution` the same tests run against the reference
//! answers in `solutions/lab1/` instead of your files.

// Unused arguments are expected while a function is still a stub.
#![cfg_attr(not(feature = "solution"), allow(unused_variables))]

pub mod node;
pub mod tracked;

/// Exercise 1: three ways to leak a value in safe code.
#[cfg_attr(feature = "solution", path = "../../../solutions/lab1/leaks.rs")]
pub mod leaks;

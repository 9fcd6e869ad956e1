//! Lab 3: MPI requests on borrowed buffers and on owned buffers.
//!
//! Read chapter 3 of the book ("Owned buffers" and its MPI section), then fill
//! in the `todo!()`s in `halo.rs` (exercise 1), `owned.rs` (exercise 2) and,
//! as a stretch, `pieces.rs` (exercise 4), and
//! check your work with `cargo test -p lab3`. The lab sheet is
//! `src/ch03-owned-buffers/lab3.md` in the book.
//!
//! These files are compiled by the package `lab3-ranks` (in `ranks/`), whose
//! programs the tests start under `mpirun`. With `--features solution` the
//! same tests run against the reference answers in `solutions/lab3/`.

// Unused arguments are expected while a function is still a stub.
#![cfg_attr(not(feature = "solution"), allow(unused_variables))]

pub mod buffer;
pub mod hazard;
pub mod immediate;
pub mod join;
pub mod report;

/// Exercise 1: a halo exchange on borrowed buffers inside `request::scope`.
#[cfg_attr(feature = "solution", path = "../../../solutions/lab3/halo.rs")]
pub mod halo;

/// Exercise 2: immediate sends and receives that own their buffers.
#[cfg_attr(feature = "solution", path = "../../../solutions/lab3/owned.rs")]
pub mod owned;

/// Exercise 4 (stretch): one domain cut into pieces that requests can own.
#[cfg_attr(feature = "solution", path = "../../../solutions/lab3/pieces.rs")]
pub mod pieces;

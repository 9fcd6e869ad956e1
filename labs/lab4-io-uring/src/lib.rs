//! Lab 4: io_uring operations that own their buffers, on the running kernel.
//!
//! Read chapter 3's io_uring section, then fill in the `todo!()`s in the files
//! named below and check your work with `cargo test -p lab4`. The lab sheet is
//! `src/ch03-owned-buffers/lab4.md` in the book.
//!
//! With `--features solution` the same tests run against the reference
//! answers in `solutions/lab4/` instead of your files.

// Unused arguments and fields are expected while a function is still a stub.
#![cfg_attr(not(feature = "solution"), allow(unused_variables, dead_code, unused_imports))]

pub mod driver;
pub mod iobuf;
pub mod op;
/// Given: the pool's and its buffers' fields, and a pool buffer's `IoBuf` impls.
mod pool_buf;
pub mod refused;
pub mod runtime;

/// Exercise 1: `IoBuf`/`IoBufMut` for `Vec<u8>`, and `read_at`/`write_at`
/// that hand their buffer back with the result.
#[cfg_attr(feature = "solution", path = "../../../solutions/lab4/ops.rs")]
pub mod ops;

/// Exercise 2: the table that keeps a dropped operation's buffer until the
/// kernel's completion arrives.
#[cfg_attr(feature = "solution", path = "../../../solutions/lab4/orphans.rs")]
pub mod orphans;

/// Exercise 3: a buffer pool, so the steady state allocates nothing.
#[cfg_attr(feature = "solution", path = "../../../solutions/lab4/pool.rs")]
pub mod pool;

/// Exercise 4 (stretch): buffers registered with the ring, and fixed reads
/// and writes that name them.
#[cfg_attr(feature = "solution", path = "../../../solutions/lab4/fixed.rs")]
pub mod fixed;

pub use fixed::{FixedBuf, FixedPool, read_fixed_at, write_fixed_at};
pub use iobuf::{BufResult, IoBuf, IoBufMut};
pub use ops::{read_at, write_at};
pub use pool_buf::{Pool, PoolBuf};
pub use runtime::{block_on, join_all};

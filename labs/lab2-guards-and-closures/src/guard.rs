//! Exercise 3: a worker thread joined by its guard's destructor, the design
//! `std::thread::scoped` had before Rust 1.0.
//!
//! Write it, then write the `// SAFETY:` comment of its `unsafe` block, and
//! notice what that comment has to rely on. Then run
//! `cargo +nightly miri run -p lab2 --features solution --example forgotten_guard`.
//! Book: chapter 2, "Guard objects"
//! (`ch02-guards-and-closures/guard-objects.md`).

use std::thread;

use crate::handles::JoinGuard;

// ANCHOR: spawn_guarded
/// Starts a worker thread that runs `f`, which may borrow data for `'a`. The
/// returned guard joins the worker when it is dropped.
///
/// # Unsound
///
/// `std::mem::forget(guard)` is safe code, ends the borrow and never joins.
pub fn spawn_guarded<'a, F>(f: F) -> JoinGuard<'a>
where
    F: FnOnce() + Send + 'a,
{
    todo!("lab2 exercise 3a: start the worker with spawn_unchecked and guard it (book: ch. 2, Guard objects)")
}
// ANCHOR_END: spawn_guarded

impl JoinGuard<'_> {
    /// Waits for the worker; `Err` with its panic's payload if it panicked.
    pub fn join(self) -> thread::Result<()> {
        todo!("lab2 exercise 3b: join the worker (book: ch. 2, Guard objects)")
    }
}

// ANCHOR: drop
impl Drop for JoinGuard<'_> {
    /// Joins the worker, and passes its panic on unless one is already
    /// unwinding (a second panic would abort).
    fn drop(&mut self) {
        todo!("lab2 exercise 3c: join the worker if nobody did (book: ch. 2, Guard objects)")
    }
}
// ANCHOR_END: drop

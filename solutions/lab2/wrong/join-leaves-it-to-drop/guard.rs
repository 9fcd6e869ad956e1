//! Wrong: `join` returns `Ok(())` at once and leaves the joining to `Drop`, which runs at the end of `join`: it waits, but a worker's panic comes out of `join` as a panic instead of an `Err` (not unsound).
//! Caught by: ex3_join_guard::join_waits_and_returns_the_workers_panic

use std::marker::PhantomData;
use std::panic;
use std::thread;

use crate::handles::JoinGuard;
use crate::unchecked::spawn_unchecked;

// ANCHOR: spawn_guarded
/// Starts a worker thread that runs `f`, which may borrow data for `'a`. The
/// returned guard joins the worker when it is dropped.
///
/// # Unsound
///
/// `std::mem::forget(guard)` is safe code, ends the borrow and never joins:
/// the worker then uses data its owner has freed. Run
/// `cargo +nightly miri run -p lab2 --features solution --example forgotten_guard`.
pub fn spawn_guarded<'a, F>(f: F) -> JoinGuard<'a>
where
    F: FnOnce() + Send + 'a,
{
    // SAFETY: this is the flaw, written down. `f` borrows data for `'a`, and
    // the guard keeps that borrow alive, so the owner cannot free the data
    // while the guard exists. The worker is joined only when the guard's
    // destructor runs, and nothing makes it run: forgetting the guard ends
    // the borrow while the worker keeps going. No safe signature can fix it.
    let thread = unsafe { spawn_unchecked(Box::new(f)) }.expect("could not start the worker thread");
    JoinGuard { thread: Some(thread), borrow: PhantomData }
}
// ANCHOR_END: spawn_guarded

impl JoinGuard<'_> {
    /// Waits for the worker; `Err` with its panic's payload if it panicked.
    pub fn join(self) -> thread::Result<()> {
        // `self` is dropped at the end of this function, and `Drop` joins.
        Ok(())
    }
}

// ANCHOR: drop
impl Drop for JoinGuard<'_> {
    /// Joins the worker, and passes its panic on unless one is already
    /// unwinding (a second panic would abort).
    fn drop(&mut self) {
        if let Some(thread) = self.thread.take()
            && let Err(payload) = thread.join()
            && !thread::panicking()
        {
            panic::resume_unwind(payload);
        }
    }
}
// ANCHOR_END: drop

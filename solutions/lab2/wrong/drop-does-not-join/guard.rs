//! Wrong: the guard's `Drop` drops the `JoinHandle`, which detaches the worker instead of joining it, so the borrowed data may be freed while the worker still uses it, without any `forget`: unsound.
//! Caught by: ex3_join_guard::dropping_the_guard_waits_for_the_worker
//! Caught by: ex3_join_guard::dropping_the_guard_of_a_panicked_worker_panics

use std::marker::PhantomData;
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
    pub fn join(mut self) -> thread::Result<()> {
        let thread = self.thread.take().expect("only join and drop take the thread");
        thread.join()
    }
}

// ANCHOR: drop
impl Drop for JoinGuard<'_> {
    /// Joins the worker, and passes its panic on unless one is already
    /// unwinding (a second panic would abort).
    fn drop(&mut self) {
        // Let go of the worker's thread: the handle's own drop cleans it up.
        drop(self.thread.take());
    }
}
// ANCHOR_END: drop

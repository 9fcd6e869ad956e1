//! Wrong: `spawn_guarded` joins the worker before it returns, so the worker runs synchronously: forgetting the guard is harmless, but nothing runs in parallel with the caller (not unsound).
//! Caught by: ex3_join_guard::forgetting_the_guard_skips_the_join

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
    // SAFETY: `f` borrows data for `'a`, which lasts at least as long as this
    // call, and the worker is joined below, before this function returns, so
    // it is done with every borrow whatever the caller does with the guard.
    let thread = unsafe { spawn_unchecked(Box::new(f)) }.expect("could not start the worker thread");
    // Join now, keep the outcome, and give the guard a thread that has
    // finished already, which reports the same outcome when it is joined.
    let outcome = thread.join();
    let thread = thread::spawn(move || {
        if let Err(payload) = outcome {
            panic::resume_unwind(payload);
        }
    });
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
        if let Some(thread) = self.thread.take()
            && let Err(payload) = thread.join()
            && !thread::panicking()
        {
            panic::resume_unwind(payload);
        }
    }
}
// ANCHOR_END: drop

//! Wrong: the worker's closure captures `f` directly instead of through a `MaybeUninit`, so the `&mut` borrows in `f` stay protected until the closure returns, after the worker has reported "finished" and the caller may already be writing the same data: unsound (only Miri sees it).
//! Caught by: ex1_scope::the_caller_may_use_its_data_the_moment_scope_returns (under Miri)

use std::marker::PhantomData;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread;

use crate::handles::{Packet, Scope, ScopeState, ScopedJoinHandle};
use crate::unchecked::{Work, spawn_unchecked};

// ANCHOR: scope_fn
/// Runs `f` with a [`Scope`] on which it can spawn workers that borrow
/// anything living longer than this call. Returns what `f` returns, once
/// every worker has finished.
///
/// # Panics
///
/// If `f` panics, after every worker has finished, with `f`'s panic. If a
/// worker panicked and nobody joined its handle, with "a scoped worker
/// panicked".
pub fn scope<'env, F, T>(f: F) -> T
where
    F: for<'scope> FnOnce(&'scope Scope<'scope, 'env>) -> T,
{
    // The library, not the caller, creates the guarded object...
    let scope = Scope::new();
    // ...lends it to the caller's code, and catches a panic so that the
    // cleanup below runs on every path out of `f`.
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| f(&scope)));
    // The cleanup. Nothing the caller wrote can skip it.
    scope.state.wait_for_workers();
    match outcome {
        // Only now, with no worker left, let `f`'s panic go on its way.
        Err(payload) => panic::resume_unwind(payload),
        Ok(_) if scope.state.unjoined_panics.load(Ordering::Relaxed) > 0 => {
            panic!("a scoped worker panicked")
        }
        Ok(value) => value,
    }
}
// ANCHOR_END: scope_fn

// ANCHOR: spawn
/// [`Scope::spawn`]: starts a worker thread that runs `f`. The worker may
/// borrow anything that outlives the scope; the scope waits for it before it
/// ends.
pub(crate) fn spawn<'scope, F, T>(scope: &'scope Scope<'scope, '_>, f: F) -> ScopedJoinHandle<'scope, T>
where
    F: FnOnce() -> T + Send + 'scope,
    T: Send + 'scope,
{
    let packet: Arc<Packet<T>> = Arc::new(Mutex::new(None));
    let their_packet = Arc::clone(&packet);
    let their_state = Arc::clone(&scope.state);
    // `f` may hold `&mut` borrows of the caller's data. The moment this
    // worker reports itself finished, the caller may use that data again,
    // while the closure below is still on the worker's stack. A closure's
    // captures count as live for its whole call (Miri's Stacked Borrows
    // protects them), so keep `f` in a `MaybeUninit`, which carries no such
    // promise, and move it out only to run it. std's threads do the same
    // with `MaybeDangling` (rust-lang/rust#101983).
    let work: Work<'scope> = Box::new(move || {
        let result = panic::catch_unwind(AssertUnwindSafe(f));
        if result.is_err() {
            their_state.unjoined_panics.fetch_add(1, Ordering::Relaxed);
        }
        *lock(&their_packet) = Some(result);
        // The result may borrow data of the scope: if the handle is gone,
        // dropping our share drops the result, and that must happen before
        // we report that this worker is done.
        drop(their_packet);
        their_state.worker_finished();
    });
    scope.state.worker_started();
    // SAFETY: `work` borrows data that lives for `'scope`. `scope()`, which
    // lent `scope` to the caller's closure, waits until this worker has
    // called `worker_finished`, the last thing `work` does, after dropping
    // everything it captured; and it waits on every path out of that
    // closure, panics included. The caller cannot skip that wait: it never
    // owns the `Scope`, so it cannot forget it.
    match unsafe { spawn_unchecked(work) } {
        Ok(thread) => {
            ScopedJoinHandle { thread, packet, state: Arc::clone(&scope.state), scope: PhantomData }
        }
        Err(error) => {
            // `work` was dropped without running: nothing to wait for.
            scope.state.worker_finished();
            panic!("could not start a worker thread: {error}")
        }
    }
}
// ANCHOR_END: spawn

/// [`ScopedJoinHandle::join`]: waits for the worker and returns its result,
/// `Err` with the panic's payload if it panicked. A panic returned here is
/// handled: the scope does not report it again.
pub(crate) fn join<T>(handle: ScopedJoinHandle<'_, T>) -> thread::Result<T> {
    // The worker catches its own panic, so its thread always ends normally.
    handle.thread.join().expect("a worker thread catches its own panics");
    let result = lock(&handle.packet).take().expect("a finished worker leaves its result");
    if result.is_err() {
        handle.state.unjoined_panics.fetch_sub(1, Ordering::Relaxed);
    }
    result
}

// ANCHOR: wait
impl ScopeState {
    /// Counts a worker that is about to start.
    fn worker_started(&self) {
        *lock(&self.running) += 1;
    }

    /// Counts a worker that is done with everything it borrowed.
    fn worker_finished(&self) {
        let mut running = lock(&self.running);
        *running -= 1;
        if *running == 0 {
            self.all_done.notify_all();
        }
    }

    /// Blocks until every worker has finished. This is the cleanup that
    /// soundness depends on, so it must not unwind half-way: if it ever
    /// did, the workers would outlive the data they borrow. Should that
    /// happen anyway, the process aborts.
    fn wait_for_workers(&self) {
        let abort_on_unwind = AbortOnUnwind;
        let mut running = lock(&self.running);
        while *running > 0 {
            running = self.all_done.wait(running).unwrap_or_else(PoisonError::into_inner);
        }
        // Done: disarm the bomb, the one place where forgetting on purpose helps.
        std::mem::forget(abort_on_unwind);
    }
}

/// Aborts the process when dropped: during unwinding, that is.
struct AbortOnUnwind;

impl Drop for AbortOnUnwind {
    fn drop(&mut self) {
        eprintln!("waiting for the scope's workers failed; aborting: they may still use borrowed data");
        std::process::abort();
    }
}
// ANCHOR_END: wait

/// Locks `mutex`, ignoring poisoning: the data behind our mutexes (a counter,
/// a result slot) is never left half-updated by a panic.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

//! Exercise 1: a guarded closure whose worker threads may borrow the
//! caller's data.
//!
//! `scope` creates a [`Scope`], lends it to `f`, and must not return or
//! unwind before every worker spawned on it has finished, whatever `f` does,
//! panics included. Book: chapter 2, "Guarded closures"
//! (`ch02-guards-and-closures/guarded-closures.md`) and "Panic safety".
//!
//! The types and their fields are in `handles.rs` (its `Scope::spawn` and
//! `ScopedJoinHandle::join` call your `spawn` and `join` below);
//! `unchecked.rs` starts a thread whose closure borrows data. Add private
//! helpers here as you like.

use std::thread;

use crate::handles::{Scope, ScopedJoinHandle};

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
    todo!(
        "lab2 exercise 1a: lend a Scope to `f`, then wait for every worker on every path (book: ch. 2, Guarded closures)"
    )
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
    todo!(
        "lab2 exercise 1b: count the worker, start it with spawn_unchecked, keep its result (book: ch. 2, Guarded closures)"
    )
}
// ANCHOR_END: spawn

/// [`ScopedJoinHandle::join`]: waits for the worker and returns its result,
/// `Err` with the panic's payload if it panicked. A panic returned here is
/// handled: the scope does not report it again.
pub(crate) fn join<T>(handle: ScopedJoinHandle<'_, T>) -> thread::Result<T> {
    todo!("lab2 exercise 1c: join the thread and take the worker's result (book: ch. 2, Guarded closures)")
}

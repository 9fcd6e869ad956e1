//! The types of this lab's two APIs: their fields and, above all, their
//! lifetime markers. Given, not an exercise: you write their methods in
//! `scope.rs` (exercise 1) and `guard.rs` (exercise 3).

use std::marker::PhantomData;
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, JoinHandle};

// ANCHOR: scope
/// The handle a [`scope`](crate::scope()) closure receives; spawn workers
/// with [`Scope::spawn`].
///
/// `'scope` is the life of the scope itself: workers may borrow anything that
/// outlives it, and they are all finished when it ends. `'env` is the life of
/// the data outside the scope that workers borrow (`'env: 'scope`).
pub struct Scope<'scope, 'env: 'scope> {
    /// Shared with every worker, which may still touch it after the scope's
    /// stack frame is gone (while unlocking the mutex), hence the `Arc`.
    pub(crate) state: Arc<ScopeState>,
    /// Invariant in `'scope`: the compiler may neither shrink it (which would
    /// let a worker borrow locals of the closure) nor grow it.
    scope: PhantomData<&'scope mut &'scope ()>,
    /// Invariant in `'env`, for the same reason.
    env: PhantomData<&'env mut &'env ()>,
}

/// What the scope and its workers share.
#[derive(Default)]
pub(crate) struct ScopeState {
    /// How many workers have been spawned and not finished yet.
    pub(crate) running: Mutex<usize>,
    /// Notified when `running` drops to zero.
    pub(crate) all_done: Condvar,
    /// How many workers panicked without anyone joining them (yet): a
    /// worker adds one when it panics, joining its handle takes it back.
    pub(crate) unjoined_panics: AtomicUsize,
}
// ANCHOR_END: scope

impl Scope<'_, '_> {
    /// A scope with no workers yet.
    pub(crate) fn new() -> Self {
        Scope { state: Arc::default(), scope: PhantomData, env: PhantomData }
    }
}

// The public methods forward to your functions in `scope.rs`. They live here
// so that the compiler's messages recorded in `tests/ui/` name this file,
// whichever file holds the answer.
impl<'scope> Scope<'scope, '_> {
    /// Starts a worker thread that runs `f`. The worker may borrow anything
    /// that outlives the scope; the scope waits for it before it ends.
    pub fn spawn<F, T>(&'scope self, f: F) -> ScopedJoinHandle<'scope, T>
    where
        F: FnOnce() -> T + Send + 'scope,
        T: Send + 'scope,
    {
        crate::scope::spawn(self, f)
    }
}

impl<T> ScopedJoinHandle<'_, T> {
    /// Waits for the worker and returns its result: `Err` with the panic's
    /// payload if it panicked. A panic returned here is handled: the scope
    /// does not report it again.
    pub fn join(self) -> thread::Result<T> {
        crate::scope::join(self)
    }
}

/// Where a worker leaves its result for [`ScopedJoinHandle::join`].
pub(crate) type Packet<T> = Mutex<Option<thread::Result<T>>>;

/// An owned permission to join one scoped worker. It cannot leave the scope.
pub struct ScopedJoinHandle<'scope, T> {
    /// The thread that runs the worker.
    pub(crate) thread: JoinHandle<()>,
    /// The worker's result, once it has one.
    pub(crate) packet: Arc<Packet<T>>,
    /// The state of the scope that will wait for this worker.
    pub(crate) state: Arc<ScopeState>,
    /// Ties the handle to its scope, so it cannot be returned out of it.
    pub(crate) scope: PhantomData<&'scope ()>,
}

// ANCHOR: join_guard
/// A worker that borrows data for `'a` and is joined when this guard is
/// dropped: the guard-object design, as `std::thread::scoped` had it before
/// Rust 1.0. Unsound: see exercise 3.
pub struct JoinGuard<'a> {
    /// The worker's thread; `None` once joined.
    pub(crate) thread: Option<JoinHandle<()>>,
    /// The borrow the worker holds.
    pub(crate) borrow: PhantomData<&'a mut &'a ()>,
}
// ANCHOR_END: join_guard

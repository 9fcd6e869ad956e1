//! The atomics, fence, threads and cell the lab uses: std's in a normal
//! build, loom's when built with `RUSTFLAGS="--cfg loom"`, so one test runs
//! once on real threads (and under Miri) or under loom's model checker.

#[cfg(loom)]
pub use loom::sync::atomic::{AtomicBool, AtomicUsize, Ordering, fence};
#[cfg(not(loom))]
pub use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering, fence};

#[cfg(loom)]
pub use loom::hint::spin_loop;
#[cfg(not(loom))]
pub use std::hint::spin_loop;

#[cfg(loom)]
pub use loom::thread;
#[cfg(not(loom))]
pub use std::thread;

#[cfg(loom)]
pub use loom::cell::UnsafeCell;

/// Runs `f` under loom's model checker, which explores its interleavings.
/// With `location` on, a causality violation names the file and line of each
/// of the two unordered accesses (and where the cell was created), not only
/// that they race.
#[cfg(loom)]
pub fn model(f: impl Fn() + Sync + Send + 'static) {
    let mut builder = loom::model::Builder::new();
    builder.location = true;
    builder.check(f);
}

/// Runs `f` once, on real threads, and fails if it takes longer than
/// [`MODEL_LIMIT`]: a wrong answer that spins forever (a `downgrade` waiting
/// for a lock nobody holds) must fail the test with a message, not hang it.
#[cfg(not(loom))]
pub fn model(f: impl Fn() + Sync + Send + 'static) {
    use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(catch_unwind(AssertUnwindSafe(f)));
    });
    match finished.recv_timeout(MODEL_LIMIT) {
        Ok(Ok(())) => {}
        Ok(Err(panic)) => resume_unwind(panic),
        Err(_) => panic!(
            "the test did not finish within {MODEL_LIMIT:?}: does a loop wait for a count that nobody will change?"
        ),
    }
}

/// How long one test may run on real threads (it takes milliseconds).
#[cfg(not(loom))]
pub const MODEL_LIMIT: std::time::Duration = std::time::Duration::from_secs(20);

/// `std::cell::UnsafeCell` with loom's `with` / `with_mut` API, so test
/// payloads can be written once for both builds. Loom tracks every access
/// through its own cell and reports two that race.
#[cfg(not(loom))]
#[derive(Debug)]
pub struct UnsafeCell<T>(std::cell::UnsafeCell<T>);

#[cfg(not(loom))]
impl<T> UnsafeCell<T> {
    /// Wraps `value`.
    pub const fn new(value: T) -> Self {
        Self(std::cell::UnsafeCell::new(value))
    }

    /// Calls `f` with a pointer to read through.
    pub fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
        f(self.0.get())
    }

    /// Calls `f` with a pointer to write through.
    pub fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
        f(self.0.get())
    }
}

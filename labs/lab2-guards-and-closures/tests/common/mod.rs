//! Helpers the lab's tests share: a worker that finishes late on purpose, a
//! time limit for code that might deadlock, and reading a panic's message.

#![allow(dead_code)] // Each test file uses some of the helpers.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::Duration;

/// How long a [`LateWorker`] waits to be released before it finishes anyway.
pub const LATE: Duration = Duration::from_secs(2);

/// How long a test may take before we call it a deadlock: a correct test
/// takes [`LATE`] at most, so a wrong answer that never lets a scope return
/// fails in seconds, with its own message, instead of holding the run.
pub const LIMIT: Duration = Duration::from_secs(10);

/// A worker that cannot finish before the test has checked on it. It waits
/// for a release that the test sends only *after* looking at
/// [`LateWorker::finished`], or for [`LATE`] to pass. So an API that waits
/// for the worker sees it finished (after `LATE`); one that does not wait
/// sees it unfinished, every time, with no race.
pub struct LateWorker {
    finished: Arc<AtomicBool>,
    release: Sender<()>,
    done: Receiver<()>,
    work: Option<Box<dyn FnOnce() + Send>>,
}

impl LateWorker {
    /// A worker, not started yet.
    pub fn new() -> Self {
        let finished = Arc::new(AtomicBool::new(false));
        let (release, wait) = mpsc::channel::<()>();
        let (done_tx, done) = mpsc::channel::<()>();
        let flag = Arc::clone(&finished);
        let work = Box::new(move || {
            let _ = wait.recv_timeout(LATE);
            flag.store(true, Ordering::SeqCst);
            let _ = done_tx.send(());
        });
        LateWorker { finished, release, done, work: Some(work) }
    }

    /// The worker's code, to hand to the API under test (once).
    pub fn work(&mut self) -> impl FnOnce() + Send + 'static {
        self.work.take().expect("a LateWorker runs once")
    }

    /// Whether the worker has finished by now.
    pub fn finished(&self) -> bool {
        self.finished.load(Ordering::SeqCst)
    }
}

impl Drop for LateWorker {
    /// Releases the worker and waits (with a limit) until it is done, so no
    /// test leaves a thread behind.
    fn drop(&mut self) {
        if self.work.is_none() {
            let _ = self.release.send(());
            let _ = self.done.recv_timeout(LIMIT);
        }
    }
}

/// Runs `body` on its own thread and fails if it takes longer than
/// [`LIMIT`]: a scope that waits for a worker that never reports back would
/// otherwise hang the test run.
pub fn within<F: FnOnce() + Send + 'static>(body: F) {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(panic::catch_unwind(AssertUnwindSafe(body)));
    });
    match rx.recv_timeout(LIMIT) {
        Ok(Ok(())) => {}
        Ok(Err(payload)) => panic::resume_unwind(payload),
        Err(_) => panic!(
            "the test did not finish within {LIMIT:?}: a deadlock? Does every worker report that it finished?"
        ),
    }
}

/// The message of a panic's payload, for `panic!("literal")` and
/// `panic!("{formatted}")` alike.
pub fn message(payload: &(dyn Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s
    } else {
        "<not a string>"
    }
}

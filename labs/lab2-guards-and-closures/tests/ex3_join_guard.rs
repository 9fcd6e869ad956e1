//! Exercise 3: the guard object joins its worker when dropped or joined, and
//! passes the worker's panic on. The last test shows its flaw with `'static`
//! data only: forgetting the guard skips the join. With borrowed data that is
//! undefined behaviour, which `examples/forgotten_guard.rs` shows under Miri.

mod support;

use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use lab2::guard::spawn_guarded;
use support::{LATE, LIMIT, LateWorker, message, within};

#[test]
fn dropping_the_guard_waits_for_the_worker() {
    within(|| {
        let mut worker = LateWorker::new();
        let guard = spawn_guarded(worker.work());
        drop(guard);
        assert!(worker.finished(), "the guard was dropped while its worker still ran: Drop must join");
    });
}

#[test]
fn the_worker_writes_into_a_borrowed_buffer() {
    within(|| {
        let mut buf = [0u8; 16];
        let guard = spawn_guarded(|| buf.fill(7));
        drop(guard);
        assert_eq!(buf, [7; 16], "the worker's write must be done once the guard is dropped");
    });
}

#[test]
fn join_waits_and_returns_the_workers_panic() {
    within(|| {
        let mut worker = LateWorker::new();
        assert!(spawn_guarded(worker.work()).join().is_ok(), "the worker did not panic: join must return Ok");
        assert!(worker.finished(), "join returned before the worker finished");
        let payload = spawn_guarded(|| panic!("worker down"))
            .join()
            .expect_err("the worker panicked: join must return Err");
        assert_eq!(message(&*payload), "worker down", "join must return the worker's own panic payload");
    });
}

#[test]
fn dropping_the_guard_of_a_panicked_worker_panics() {
    within(|| {
        let guard = spawn_guarded(|| panic!("nobody joined me"));
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| drop(guard)));
        let payload =
            outcome.expect_err("the worker panicked and nobody joined it: dropping the guard must panic");
        assert_eq!(message(&*payload), "nobody joined me");
    });
}

#[test]
fn dropping_the_guard_while_unwinding_does_not_panic_again() {
    within(|| {
        let outcome = panic::catch_unwind(|| {
            let _guard = spawn_guarded(|| panic!("the worker panics too"));
            // A second panic from the guard's Drop during this unwinding would
            // abort the whole test process.
            panic!(
                "the caller panics while it holds the guard of a panicked worker \
                 (if the process aborts right after this message, Drop panicked during unwinding: \
                 check thread::panicking() first)"
            );
        });
        let payload = outcome.expect_err("the caller's panic must unwind through the guard");
        assert!(
            message(&*payload).starts_with("the caller panics"),
            "the caller's own panic must reach catch_unwind, not the worker's"
        );
    });
}

#[test]
fn forgetting_the_guard_skips_the_join() {
    within(|| {
        // Only `'static` data here: the worker shares nothing with this stack
        // frame, so leaving it running is harmless. With a borrow it is not.
        let finished = Arc::new(AtomicBool::new(false));
        let (release, wait) = mpsc::channel::<()>();
        let (done, worker_done) = mpsc::channel::<()>();
        let flag = Arc::clone(&finished);
        // The worker waits for a release sent only after the check below, or
        // for `LATE` to pass: a `spawn_guarded` that waits for its worker
        // before returning fails the check in seconds instead of hanging.
        let guard = spawn_guarded(move || {
            let _ = wait.recv_timeout(LATE);
            flag.store(true, Ordering::SeqCst);
            let _ = done.send(());
        });
        std::mem::forget(guard);
        assert!(
            !finished.load(Ordering::SeqCst),
            "the worker had finished before the guard was forgotten: spawn_guarded must return while the worker runs"
        );
        release.send(()).expect("the worker is waiting for this");
        worker_done.recv_timeout(LIMIT).expect("the worker finishes once released");
    });
}

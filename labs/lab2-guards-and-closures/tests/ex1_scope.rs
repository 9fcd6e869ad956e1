//! Exercise 1: `scope` must wait for every worker on every path out of the
//! closure, normal return and panic alike, and pass panics on.

mod support;

use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};

use lab2::scope;
use support::{LATE, LIMIT, LateWorker, message, within};

#[test]
fn workers_borrow_the_callers_data_and_the_closure_returns_a_value() {
    within(|| {
        let mut numbers = vec![1, 2, 3, 4, 5, 6];
        let sum = AtomicUsize::new(0);
        let answer = scope(|s| {
            let (left, right) = numbers.split_at_mut(3);
            s.spawn(|| left.iter_mut().for_each(|n| *n *= 10));
            s.spawn(|| right.iter_mut().for_each(|n| *n *= 100));
            s.spawn(|| sum.fetch_add(21, Ordering::Relaxed));
            42
        });
        assert_eq!(answer, 42, "scope must return what the closure returns");
        assert_eq!(
            numbers,
            [10, 20, 30, 400, 500, 600],
            "the workers' writes must be done when scope returns"
        );
        assert_eq!(sum.into_inner(), 21);
    });
}

#[test]
fn the_caller_may_use_its_data_the_moment_scope_returns() {
    // Natively this only checks the values. Under Miri it also checks that
    // no worker still holds (in a closure that is still running) the `&mut`
    // it was lent when `scope` returns: the caller writes straight away,
    // many times, so that some thread schedule hits a worker that reported
    // "finished" too early. See "Finished must mean finished" in the book.
    within(|| {
        let mut buf = [0u8; 4];
        for round in 1..=40u8 {
            scope(|s| {
                let (left, right) = buf.split_at_mut(2);
                s.spawn(move || left.fill(round));
                s.spawn(move || right.fill(round));
            });
            buf[0] = 0;
            assert_eq!(buf, [0, round, round, round], "the workers' writes must be done when scope returns");
        }
    });
}

#[test]
fn a_worker_runs_while_the_closure_goes_on() {
    within(|| {
        let (go, wait_for_go) = mpsc::channel::<()>();
        let got_go = scope(|s| {
            // The worker waits for a message the closure sends only once
            // `spawn` has returned, or for `LATE` to pass.
            let worker = s.spawn(move || wait_for_go.recv_timeout(LATE).is_ok());
            let _ = go.send(());
            worker.join().expect("the worker does not panic")
        });
        assert!(
            got_go,
            "spawn returned only after its worker had finished: the worker must run on its own thread, \
             alongside the closure"
        );
    });
}

#[test]
fn scope_waits_for_its_workers_on_a_normal_return() {
    within(|| {
        let mut worker = LateWorker::new();
        let work = worker.work();
        scope(|s| {
            s.spawn(work);
        });
        assert!(
            worker.finished(),
            "scope returned while a worker was still running: it must wait for every worker"
        );
    });
}

#[test]
fn scope_waits_for_its_workers_when_the_closure_panics() {
    within(|| {
        let mut worker = LateWorker::new();
        let work = worker.work();
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
            scope(|s| {
                s.spawn(work);
                panic!("the closure panics while its worker still runs");
            })
        }));
        assert!(
            worker.finished(),
            "scope unwound while a worker was still running: on the panic path too it must wait (catch_unwind, wait, resume_unwind)"
        );
        let payload = outcome.expect_err("the closure's panic must reach the caller of scope");
        assert_eq!(
            message(&*payload),
            "the closure panics while its worker still runs",
            "scope must pass on the closure's own panic"
        );
    });
}

#[test]
fn scope_waits_for_workers_that_workers_spawn() {
    within(|| {
        let mut worker = LateWorker::new();
        let work = worker.work();
        scope(|s| {
            s.spawn(|| {
                s.spawn(work);
            });
        });
        assert!(worker.finished(), "scope returned before a worker spawned by another worker had finished");
    });
}

/// A worker's result whose destructor takes a while: it waits for a release
/// that the test sends only after checking [`SlowToDrop::dropped`], or for
/// [`LATE`] to pass.
struct SlowToDrop {
    dropped: Arc<AtomicBool>,
    release: Receiver<()>,
}

impl Drop for SlowToDrop {
    fn drop(&mut self) {
        let _ = self.release.recv_timeout(LATE);
        self.dropped.store(true, Ordering::SeqCst);
    }
}

#[test]
fn the_result_of_an_unjoined_worker_is_dropped_before_scope_returns() {
    within(|| {
        let dropped = Arc::new(AtomicBool::new(false));
        let (release, wait_for_release) = mpsc::channel::<()>();
        let (handle_gone, wait_for_handle) = mpsc::channel::<()>();
        let result = SlowToDrop { dropped: Arc::clone(&dropped), release: wait_for_release };
        scope(|s| {
            let handle = s.spawn(move || {
                // Return only once the handle is gone: then nobody can take
                // the result, and the worker itself must drop it.
                let _ = wait_for_handle.recv_timeout(LIMIT);
                result
            });
            drop(handle);
            handle_gone.send(()).expect("the worker waits for this");
        });
        assert!(
            dropped.load(Ordering::SeqCst),
            "scope returned while a worker was still dropping its result: a result may borrow the caller's data \
             (T: 'scope), so the worker must drop it (drop its share of the packet) before it reports that it finished"
        );
        let _ = release.send(());
    });
}

#[test]
fn a_worker_panic_that_nobody_joins_reaches_the_caller() {
    within(|| {
        let mut worker = LateWorker::new();
        let work = worker.work();
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
            scope(|s| {
                s.spawn(|| panic!("a worker panics"));
                s.spawn(work);
            })
        }));
        assert!(worker.finished(), "scope must wait for every worker before it reports a worker's panic");
        assert!(outcome.is_err(), "a worker panicked and nobody joined it: scope must panic");
    });
}

#[test]
fn join_returns_the_workers_result_or_its_panic() {
    within(|| {
        let text = String::from("borrowed");
        let (len, payload) = scope(|s| {
            let fine = s.spawn(|| text.len());
            let broken = s.spawn(|| -> usize { panic!("joined panic") });
            (fine.join(), broken.join())
        });
        assert_eq!(len.expect("the first worker did not panic"), 8);
        let payload = payload.expect_err("the second worker panicked: join must return Err");
        assert_eq!(message(&*payload), "joined panic", "join must return the worker's own panic payload");
    });
}

#[test]
fn a_joined_panic_is_handled_and_not_reported_again() {
    within(|| {
        let value = scope(|s| {
            let _ = s.spawn(|| panic!("handled by join")).join();
            7
        });
        assert_eq!(value, 7, "the caller joined the panicking worker, so scope must return normally");
    });
}

//! Exercise 1: `scope` must wait for every worker on every path out of the
//! closure, normal return and panic alike, and pass panics on.

mod common;

use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{LateWorker, message, within};
use lab2::scope;

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

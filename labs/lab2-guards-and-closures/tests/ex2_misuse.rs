//! Exercise 2: `fill_in_parallel` fills a borrowed buffer from worker
//! threads, and safe code cannot misuse the scope underneath it (the
//! compile-fail cases in `tests/ui/fail/`).

mod support;

use std::collections::HashSet;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use lab2::fill::fill_in_parallel;
use support::within;

#[test]
fn every_element_is_filled() {
    within(|| {
        let mut squares = vec![0usize; 101];
        fill_in_parallel(&mut squares, 4, |i| i * i);
        let expected: Vec<usize> = (0..101).map(|i| i * i).collect();
        assert_eq!(squares, expected);
    });
}

#[test]
fn the_work_is_shared_by_worker_threads() {
    within(|| {
        let caller = thread::current().id();
        // 66 does not split evenly into 4: rounding the chunk length down
        // would make a fifth chunk, and a fifth thread.
        let mut ids = vec![caller; 66];
        fill_in_parallel(&mut ids, 4, |_| thread::current().id());
        let workers: HashSet<_> = ids.iter().collect();
        assert!(!workers.contains(&caller), "the caller's thread filled elements: workers must do it");
        assert!(workers.len() >= 2, "one thread filled all 66 elements: split the buffer among the workers");
        assert!(workers.len() <= 4, "{} threads for 4 workers: use at most `workers` threads", workers.len());
    });
}

#[test]
fn tiny_buffers_and_more_workers_than_elements() {
    within(|| {
        let mut empty: [u8; 0] = [];
        fill_in_parallel(&mut empty, 3, |_| 1);
        let mut three = [0u32; 3];
        fill_in_parallel(&mut three, 8, |i| i as u32 + 1);
        assert_eq!(three, [1, 2, 3]);
    });
}

#[test]
fn a_panic_in_value_at_reaches_the_caller_after_every_worker_finished() {
    within(|| {
        let calls = AtomicUsize::new(0);
        let mut buf = vec![0u8; 40];
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
            fill_in_parallel(&mut buf, 4, |i| {
                calls.fetch_add(1, Ordering::SeqCst);
                if i == 5 {
                    panic!("no value for 5");
                }
                1
            })
        }));
        assert!(outcome.is_err(), "value_at panicked: fill_in_parallel must panic too");
        // Only the worker that owns index 5 stops early; the others fill their chunk.
        assert!(calls.load(Ordering::SeqCst) >= 31, "the other workers must run to the end of their chunks");
    });
}

#[test]
#[cfg_attr(miri, ignore = "trybuild runs the compiler, which Miri cannot run; run this test without Miri")]
fn safe_code_cannot_misuse_the_scope() {
    // Under Miri the body is left out too, which keeps trybuild out of the
    // Miri build (a stale trybuild built against an older Miri sysroot would
    // otherwise fail with E0460).
    #[cfg(not(miri))]
    {
        let t = trybuild::TestCases::new();
        // Uses the API the way it is meant to be used: fails until it works.
        t.pass("tests/ui/pass/*.rs");
        // Each of these must be rejected by the compiler, with the error
        // recorded in the `.stderr` file next to it.
        t.compile_fail("tests/ui/fail/*.rs");
    }
}

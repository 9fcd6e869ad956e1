//! Exercise 3: the trap. Forgetting a `MoveRef` must abort the process
//! (SIGABRT, with the trap's message) before its storage can be reused; a
//! panic would unwind and free it. Those tests run the case in a child
//! process, this test binary again with an environment variable naming the
//! case, under a time limit. Normal use, `into_inner` and a panic unwinding
//! through the scope must not abort.

// On the stubs `slot!` is a `todo!()`, so the code after it is unreachable
// until exercise 1 is done.
#![cfg_attr(
    not(feature = "solution"),
    allow(unreachable_code, unused_variables, clippy::diverging_sub_expression)
)]

use std::mem;
use std::os::unix::process::ExitStatusExt;
use std::panic::{self, AssertUnwindSafe};
use std::time::Duration;

use lab7::TRAP_MESSAGE;
use lab7::pinned::loopback;
use lab7::slot;
use lab7::slot::{DropFlag, MoveRef};
use lab7::tracked::DropCounter;
use lab7::trap::Trap;

/// Names the test whose case a child process runs.
const CHILD: &str = "LAB7_TRAP_CHILD";
/// What the child prints once it got past the end of the slot's scope.
const REUSED: &str = "LAB7 the slot's scope ended and the frame went on";
const SIGABRT: i32 = 6;

/// In the child, runs `case` with a counter for its values, then prints
/// `REUSED`: `case` is the slot's scope, and the print the frame going on
/// after it. In the parent, re-runs this test binary with only the test
/// `name` (which then takes the child's branch) and returns what it printed.
fn in_child(name: &str, case: impl FnOnce(&DropCounter)) -> Option<timed_run::Output> {
    timed_run::in_child(CHILD, name, Duration::from_secs(20), || {
        let counter = DropCounter::new();
        case(&counter);
        println!("{REUSED}");
    })
}

/// The child must have died of SIGABRT, after printing the trap's message
/// and before the code after the slot's scope ran.
fn assert_trapped(out: &timed_run::Output) {
    timed_run::fail_if_stub(out, "this test runs the case in a child process, which the trap must abort");
    let shown = format!("--- stdout ---\n{}--- stderr ---\n{}", out.stdout, out.stderr);
    assert_eq!(
        out.status.signal(),
        Some(SIGABRT),
        "the child must abort (SIGABRT); it ended with {:?}. A panic unwinds and frees the storage.\n{shown}",
        out.status
    );
    assert!(out.stderr.contains(TRAP_MESSAGE), "the trap must print lab7::TRAP_MESSAGE to stderr\n{shown}");
    assert!(!out.stdout.contains(REUSED), "the trap must fire before the frame goes on\n{shown}");
}

#[test]
#[cfg_attr(miri, ignore = "Miri cannot start a child process; the in-process tests run under Miri")]
fn forgetting_a_moveref_aborts() {
    let Some(out) = in_child("forgetting_a_moveref_aborts", |counter| {
        slot!(s);
        mem::forget(s.put(counter.track(1)));
    }) else {
        return;
    };
    assert_trapped(&out);
}

#[test]
#[cfg_attr(miri, ignore = "Miri cannot start a child process; the in-process tests run under Miri")]
fn forgetting_a_pinned_moveref_aborts() {
    let Some(out) = in_child("forgetting_a_pinned_moveref_aborts", |counter| {
        slot!(s);
        mem::forget(loopback(s, "forgotten", counter));
    }) else {
        return;
    };
    assert_trapped(&out);
}

#[test]
#[cfg_attr(miri, ignore = "Miri cannot start a child process; the in-process tests run under Miri")]
fn forgetting_then_panicking_aborts() {
    let Some(out) = in_child("forgetting_then_panicking_aborts", |counter| {
        let _ = panic::catch_unwind(AssertUnwindSafe(|| {
            slot!(s);
            mem::forget(s.put(counter.track(2)));
            panic!("unwinding through a slot whose MoveRef was forgotten");
        }));
    }) else {
        return;
    };
    assert_trapped(&out);
}

#[test]
#[cfg_attr(miri, ignore = "Miri cannot start a child process; the in-process tests run under Miri")]
fn normal_use_into_inner_and_unwinding_do_not_abort() {
    let Some(out) = in_child("normal_use_into_inner_and_unwinding_do_not_abort", |counter| {
        {
            slot!(a, b);
            let _kept = a.put(counter.track(1));
            let _out = MoveRef::into_inner(b.put(counter.track(2)));
        }
        let _ = panic::catch_unwind(AssertUnwindSafe(|| {
            slot!(s);
            let _live = s.put(counter.track(3));
            panic!("unwinding through a slot whose MoveRef is alive");
        }));
        assert_eq!(counter.drops(), 3);
    }) else {
        return;
    };
    assert!(
        out.status.success() && out.stdout.contains(REUSED),
        "the child must finish normally; it ended with {:?}\n--- stdout ---\n{}--- stderr ---\n{}",
        out.status,
        out.stdout,
        out.stderr
    );
}

#[test]
fn a_trap_on_a_dead_flag_stays_quiet() {
    let flag = DropFlag::new();
    drop(Trap::new(&flag));
    flag.inc();
    flag.dec();
    drop(Trap::new(&flag));
}

#[test]
fn a_trap_stays_quiet_after_normal_use() {
    let counter = DropCounter::new();
    {
        slot!(a, b);
        let _kept = a.put(counter.track(1));
        let _out = MoveRef::into_inner(b.put(counter.track(2)));
    }
    assert_eq!(counter.drops(), 2);
}

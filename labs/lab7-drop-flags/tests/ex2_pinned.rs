//! Exercise 2: a self-referential value built and pinned in place, and an
//! `Unpin` value taken back out of a pinned `MoveRef`; safe code cannot
//! move a pinned `Loopback` (the compile-fail cases in `tests/ui/pinned/`).

// On the stubs `slot!` is a `todo!()`, so the code after it is unreachable
// until exercise 1 is done.
#![cfg_attr(
    not(feature = "solution"),
    allow(unreachable_code, unused_variables, clippy::diverging_sub_expression)
)]

use std::pin::Pin;

use lab7::loopback::Loopback;
use lab7::pinned::{loopback, unpin};
use lab7::slot;
use lab7::slot::MoveRef;
use lab7::tracked::DropCounter;

#[test]
fn a_loopback_points_at_itself() {
    let counter = DropCounter::new();
    slot!(s);
    let pinned = loopback(s, "first", &counter);
    assert_eq!(pinned.label, "first");
    assert!(pinned.is_home(), "init ran on the value in the slot, not on a copy");
}

#[test]
fn a_pinned_value_stays_put_while_its_moveref_moves() {
    fn hand_over<'f, 'c>(pinned: Pin<MoveRef<'f, Loopback<'c>>>) -> Pin<MoveRef<'f, Loopback<'c>>> {
        pinned
    }
    let counter = DropCounter::new();
    {
        slot!(s);
        let pinned = loopback(s, "moved pointer", &counter);
        let before: *const _ = &*pinned;
        let pinned = hand_over(pinned);
        assert!(std::ptr::eq(before, &*pinned), "moving the MoveRef must not move the value");
        assert!(pinned.is_home());
    }
    assert_eq!(counter.drops(), 1, "the pinned value is dropped in place, once");
}

#[test]
fn pinned_values_are_dropped_in_place() {
    let counter = DropCounter::new();
    {
        slot!(a, b);
        let a = loopback(a, "a", &counter);
        let b = loopback(b, "b", &counter);
        assert!(a.is_home() && b.is_home());
    }
    assert_eq!(counter.drops(), 2);
}

#[test]
fn an_unpin_value_comes_back_out() {
    let counter = DropCounter::new();
    let value = {
        slot!(s);
        let pinned = s.pin(counter.track(5));
        unpin(pinned)
    };
    assert_eq!(counter.drops(), 0, "unpin moves the value out without dropping it");
    assert_eq!(value.value, 5);
    drop(value);
    assert_eq!(counter.drops(), 1);
}

#[test]
fn pin_keeps_the_value() {
    let counter = DropCounter::new();
    {
        slot!(s);
        let pinned = s.pin(counter.track(6));
        assert_eq!(pinned.value, 6);
    }
    assert_eq!(counter.drops(), 1);
}

#[test]
// trybuild runs rustc, which Miri cannot; leaving the test out under Miri
// also keeps trybuild out of the Miri build (a stale trybuild built against
// an older Miri sysroot would otherwise fail with E0460).
#[cfg(not(miri))]
fn safe_code_cannot_move_a_pinned_value() {
    let cases = trybuild::TestCases::new();
    // Pins the way it is meant to be used: fails until it works.
    cases.pass("tests/ui/pinned/pass/*.rs");
    // Each of these must be rejected by the compiler, with the error recorded
    // in the `.stderr` file next to it.
    cases.compile_fail("tests/ui/pinned/fail/*.rs");
    // The compiler names the bound that rejects this one, `unpin`'s
    // `T: Unpin`, by the file that holds it: `src/pinned.rs`, your file.
    // With `--features solution` that bound is in `solutions/lab7/` instead,
    // so the case runs only when the answer is in your file (as it is for
    // you, and in `cargo xtask test`'s copy with the reference answers
    // placed there).
    if !cfg!(feature = "solution") {
        cases.compile_fail("tests/ui/pinned/fail-names-your-file/*.rs");
    }
}

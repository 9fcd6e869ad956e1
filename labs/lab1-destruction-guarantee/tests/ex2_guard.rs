//! Exercise 2: the transfer guard can be leaked in safe code (the shape of
//! rust-lang/rust#24292), and the guarded closure keeps the ledger balanced
//! whatever the closure does, panics included.

use std::panic::{AssertUnwindSafe, catch_unwind};

use lab1::guard::{lose_transfer, transfer};
use lab1::ledger::Ledger;

#[path = "support/cycle.rs"]
mod cycle;
use cycle::assert_owned_by_a_cycle;

#[test]
fn a_leaked_guard_breaks_the_invariant_after_the_borrow_ends() {
    let mut ledger = Ledger::new(&[100, 50]);
    let leaked = lose_transfer(&mut ledger, 0, 1, 30);
    drop(leaked);
    // The borrow is over: we may use the ledger again...
    assert_eq!(ledger.balance(0), 70, "the transfer must have started: begin it with Ledger::begin_transfer");
    // ...and the money never arrived.
    assert_eq!(ledger.balance(1), 50, "the money arrived: the guard's Drop ran, so it was not leaked");
    assert!(!ledger.is_balanced(), "the ledger is balanced: the guard must never be dropped");
}

#[test]
fn the_guard_is_kept_alive_by_an_rc_cycle() {
    let mut ledger = Ledger::new(&[100, 50]);
    let start = lose_transfer(&mut ledger, 0, 1, 30)
        .upgrade()
        .expect("the node holding the guard is gone: nothing keeps it alive, so the guard was dropped");
    assert_eq!(start.value.amount(), 30, "the node must hold the guard of this transfer");
    assert_owned_by_a_cycle(&start, "the guard's node");
}

#[test]
fn the_guarded_closure_moves_the_money() {
    let mut ledger = Ledger::new(&[100, 50]);
    let answer = transfer(&mut ledger, 0, 1, 30, |_| 42);
    assert_eq!(answer, 42, "transfer must return what the closure returns");
    assert_eq!(
        (ledger.balance(0), ledger.balance(1)),
        (70, 80),
        "the money must move from account 0 to account 1"
    );
    assert!(ledger.is_balanced());
}

#[test]
fn the_closure_runs_while_the_money_is_in_flight() {
    let mut ledger = Ledger::new(&[100, 50]);
    let seen = transfer(&mut ledger, 0, 1, 30, |during| (during.balance(0), during.balance(1), during.sum()));
    assert_eq!(
        seen,
        (70, 50, 120),
        "inside the closure the money must have left account 0 and not yet arrived: run the closure while the guard lives"
    );
    assert!(ledger.is_balanced());
}

#[test]
fn a_panicking_closure_still_lands_the_money() {
    let mut ledger = Ledger::new(&[100, 50]);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        transfer(&mut ledger, 0, 1, 30, |_| -> () { panic!("the closure gave up") })
    }));
    assert!(outcome.is_err(), "the closure's panic must reach the caller");
    assert!(
        ledger.is_balanced(),
        "after a panic in the closure the ledger is not balanced: the guard must be dropped while unwinding"
    );
    assert_eq!(
        (ledger.balance(0), ledger.balance(1)),
        (70, 80),
        "after a panic in the closure the money must still have moved from account 0 to account 1"
    );
}

#[test]
fn nested_transfers_all_land() {
    let mut ledger = Ledger::new(&[10, 10, 10]);
    for round in 0..3 {
        transfer(&mut ledger, round % 3, (round + 1) % 3, 5, |during| {
            assert!(!during.is_balanced(), "inside the closure the money must be in flight")
        });
    }
    assert!(ledger.is_balanced(), "after three transfers the ledger must be balanced again");
    assert_eq!(
        (ledger.balance(0), ledger.balance(1), ledger.balance(2)),
        (10, 10, 10),
        "three transfers of 5 around a ring of three accounts end where they started"
    );
}

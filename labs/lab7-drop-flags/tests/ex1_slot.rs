//! Exercise 1: the slot, the owning reference and its drop flag. A drop
//! counter sees a value dropped twice or never; the flag is checked
//! directly where a test builds the slot by hand; what safe code must not
//! be able to do with a slot is checked by the compiler (the compile-fail
//! cases in `tests/ui/slot/fail/`) and, for the threads a flag must not
//! cross, by the types themselves.

// On the stubs `slot!` is a `todo!()`, so the code after it is unreachable
// until exercise 1 is done.
#![cfg_attr(
    not(feature = "solution"),
    allow(unreachable_code, unused_variables, clippy::diverging_sub_expression)
)]

use std::cell::Cell;
use std::marker::PhantomData;
use std::mem::MaybeUninit;
use std::panic::{self, AssertUnwindSafe};

use lab7::slot;
use lab7::slot::{DropFlag, MoveRef, Slot};
use lab7::tracked::DropCounter;
use lab7::trap::Trap;

#[test]
fn the_flag_counts_live_values() {
    let flag = DropFlag::new();
    assert!(flag.is_dead(), "a new flag has nothing alive");
    flag.inc();
    flag.inc();
    flag.dec();
    assert!(!flag.is_dead(), "two values went in, one came out: one is still alive");
    flag.dec();
    assert!(flag.is_dead(), "both values are gone");
}

#[test]
fn a_dec_on_a_dead_flag_panics() {
    let flag = DropFlag::new();
    flag.inc();
    flag.dec();
    assert!(flag.is_dead());
    // One decrement too many means a value was counted as gone twice: a
    // bug the flag must report, not absorb.
    let extra = panic::catch_unwind(AssertUnwindSafe(|| flag.dec()));
    assert!(extra.is_err(), "DropFlag::dec on a dead flag must panic");
    assert!(flag.is_dead(), "the refused decrement must leave the flag dead, not wrapped around");
}

#[test]
fn put_raises_the_flag_and_drop_lowers_it() {
    let counter = DropCounter::new();
    let mut storage = MaybeUninit::uninit();
    let flag = DropFlag::new();
    // SAFETY: this test checks the flag itself before the storage goes away.
    let slot = unsafe { Slot::new(&mut storage, &flag) };
    let moved = slot.put(counter.track(7));
    assert!(!flag.is_dead(), "the slot holds a value: the flag must be up");
    assert_eq!(moved.value, 7);
    drop(moved);
    assert_eq!(counter.drops(), 1, "dropping the MoveRef drops its value once");
    assert!(flag.is_dead(), "the value was dropped: the flag must be down");
}

#[test]
fn into_inner_lowers_the_flag() {
    let counter = DropCounter::new();
    let mut storage = MaybeUninit::uninit();
    let flag = DropFlag::new();
    // SAFETY: this test checks the flag itself before the storage goes away.
    let slot = unsafe { Slot::new(&mut storage, &flag) };
    let value = MoveRef::into_inner(slot.put(counter.track(8)));
    assert!(flag.is_dead(), "into_inner moved the value out: the flag must be down");
    assert_eq!(value.value, 8);
    drop(value);
    assert_eq!(counter.drops(), 1);
}

#[test]
fn a_moveref_drops_its_value_once() {
    let counter = DropCounter::new();
    {
        slot!(s);
        let moved = s.put(counter.track(1));
        assert_eq!(moved.value, 1);
        assert_eq!(counter.drops(), 0, "still alive in the slot");
    }
    assert_eq!(counter.drops(), 1, "the scope ended: dropped exactly once");
}

#[test]
fn into_inner_moves_the_value_out_without_dropping_it() {
    let counter = DropCounter::new();
    let value = {
        slot!(s);
        MoveRef::into_inner(s.put(counter.track(2)))
    };
    assert_eq!(counter.drops(), 0, "into_inner must not drop the value it returns");
    assert_eq!(value.value, 2);
    drop(value);
    assert_eq!(counter.drops(), 1, "dropped exactly once, by its new owner");
}

#[test]
fn changes_through_a_moveref_reach_the_value() {
    let counter = DropCounter::new();
    slot!(s);
    let mut moved = s.put(counter.track(3));
    moved.value += 10;
    assert_eq!(MoveRef::into_inner(moved).value, 13);
}

#[test]
fn several_slots_in_one_frame() {
    let counter = DropCounter::new();
    {
        slot!(a, b, c);
        let a = a.put(counter.track(1));
        let b = b.put(counter.track(2));
        let c = MoveRef::into_inner(c.put(counter.track(3)));
        assert_eq!(a.value + b.value + c.value, 6);
    }
    assert_eq!(counter.drops(), 3);
}

#[test]
fn a_panic_unwinding_through_the_scope_drops_once() {
    let counter = DropCounter::new();
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        slot!(s);
        let _moved = s.put(counter.track(4));
        panic!("on purpose, with a live MoveRef");
    }));
    assert!(result.is_err());
    assert_eq!(counter.drops(), 1, "unwinding drops the MoveRef, and so its value, once");
}

#[test]
fn a_destructor_that_panics_still_counts_as_dropped() {
    struct Grumpy;
    impl Drop for Grumpy {
        fn drop(&mut self) {
            // Not while unwinding already (a stub's `todo!()`): that aborts.
            if !std::thread::panicking() {
                panic!("on purpose, from a destructor");
            }
        }
    }
    let mut storage = MaybeUninit::uninit();
    let flag = DropFlag::new();
    // SAFETY: this test checks the flag itself before the storage goes away.
    let slot = unsafe { Slot::new(&mut storage, &flag) };
    let moved = slot.put(Grumpy);
    let result = panic::catch_unwind(AssertUnwindSafe(|| drop(moved)));
    assert!(result.is_err(), "the destructor panicked");
    assert!(flag.is_dead(), "the value was dropped (its destructor ran): the flag must be down");
}

/// Whether a value's type is `Send` or `Sync`, decided by the compiler at
/// the call: the inherent methods exist only when the bound holds and take
/// precedence over the trait's, which answer `false`.
struct Probe<T>(PhantomData<T>);

fn probe<T>(_: &T) -> Probe<T> {
    Probe(PhantomData)
}

impl<T: Send> Probe<T> {
    fn is_send(&self) -> bool {
        true
    }
}

impl<T: Sync> Probe<T> {
    fn is_sync(&self) -> bool {
        true
    }
}

trait NotSendOrSync {
    fn is_send(&self) -> bool {
        false
    }
    fn is_sync(&self) -> bool {
        false
    }
}

impl<T> NotSendOrSync for Probe<T> {}

#[test]
fn a_slot_and_its_moveref_stay_on_their_thread() {
    // The flag is a `Cell`, and one flag may count several slots (that is
    // why it is a counter): whatever reaches a flag must stay on one thread,
    // or two threads could update it at once. `String` is `Send` and `Sync`,
    // so only the flag decides here.
    let name = String::from("the probe itself");
    assert!(
        probe(&name).is_send() && probe(&name).is_sync(),
        "the probe must see that a String is Send and Sync"
    );
    let flag = DropFlag::new();
    assert!(!probe(&flag).is_sync(), "DropFlag must not be Sync: its count is a Cell");
    assert!(
        !Probe::<Trap<'_>>(PhantomData).is_send(),
        "Trap must not be Send: another thread would read the flag while this one updates it"
    );
    let (mut first, mut second) = (MaybeUninit::uninit(), MaybeUninit::uninit());
    // SAFETY: this test checks the flag the two slots share before the
    // storage goes away.
    let a = unsafe { Slot::new(&mut first, &flag) };
    // SAFETY: as above.
    let b = unsafe { Slot::new(&mut second, &flag) };
    assert!(
        !probe(&a).is_send(),
        "Slot must not be Send: put on another thread would update the shared flag"
    );
    let (a, b) = (a.put(String::from("a")), b.put(String::from("b")));
    assert!(
        !probe(&a).is_send(),
        "MoveRef must not be Send, even of a Send value: dropping `a` and `b` on two threads would update their shared flag at once"
    );
    assert_eq!([a.as_str(), b.as_str()].concat(), "ab");
    drop((a, b));
    assert!(flag.is_dead());

    // A shared `MoveRef` hands out `&T`: it may be shared between threads
    // only if `T` may.
    slot!(s);
    let cell = s.put(Cell::new(1));
    assert!(
        !probe(&cell).is_sync(),
        "MoveRef<Cell<_>> must not be Sync: two threads would share the Cell through it"
    );
    assert_eq!(cell.get(), 1);
}

#[test]
// trybuild runs rustc, which Miri cannot; leaving the test out under Miri
// also keeps trybuild out of the Miri build (a stale trybuild built against
// an older Miri sysroot would otherwise fail with E0460).
#[cfg(not(miri))]
fn safe_code_cannot_outlive_or_reuse_a_slot() {
    let cases = trybuild::TestCases::new();
    // Uses the slot the way it is meant to be used: fails until it works.
    cases.pass("tests/ui/slot/pass/*.rs");
    // Each of these must be rejected by the compiler, with the error recorded
    // in the `.stderr` file next to it. None names a file of yours: the
    // errors are in the case, so they hold wherever your answer lives.
    cases.compile_fail("tests/ui/slot/fail/*.rs");
}

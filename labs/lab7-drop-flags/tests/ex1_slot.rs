//! Exercise 1: the slot, the owning reference and its drop flag. A drop
//! counter sees a value dropped twice or never; the flag is checked
//! directly where a test builds the slot by hand.

use std::mem::MaybeUninit;
use std::panic::{self, AssertUnwindSafe};

use lab7::slot;
use lab7::slot::{DropFlag, MoveRef, Slot};
use lab7::tracked::DropCounter;

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

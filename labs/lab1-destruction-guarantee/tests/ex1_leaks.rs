//! Exercise 1: each leak must keep the destructor from running, in safe code.

use lab1::leaks::{leak_in_rc_cycle, leak_with_box, leak_with_forget};
use lab1::tracked::DropCounter;

#[path = "support/cycle.rs"]
mod cycle;
use cycle::assert_owned_by_a_cycle;

#[test]
fn forget_never_runs_the_destructor() {
    let counter = DropCounter::new();
    leak_with_forget(counter.track(1));
    assert_eq!(counter.drops(), 0, "the value was dropped: mem::forget must skip its destructor");
}

#[test]
fn box_leak_never_runs_the_destructor_and_keeps_the_value() {
    let counter = DropCounter::new();
    let leaked = leak_with_box(counter.track(7));
    assert_eq!(leaked.id, 7, "Box::leak must hand back the value it was given");
    leaked.id = 8;
    assert_eq!(leaked.id, 8, "the leaked value must be writable through the &'static mut");
    assert_eq!(counter.drops(), 0, "the value was dropped: a leaked Box never runs its destructor");
}

#[test]
fn leaked_box_outlives_every_scope() {
    let leaked: &'static mut lab1::tracked::Tracked = {
        let counter = DropCounter::new();
        leak_with_box(counter.track(3))
    };
    assert_eq!(leaked.id, 3);
}

#[test]
fn rc_cycle_keeps_the_node_alive_without_running_its_destructor() {
    let counter = DropCounter::new();
    let weak = leak_in_rc_cycle(counter.track(5));
    let node = weak.upgrade().expect("the node is gone: nothing keeps it alive, so it was dropped");
    assert_eq!(node.value.id, 5, "the node must carry the value it was given");
    assert_eq!(counter.drops(), 0, "the value was dropped");
    assert_owned_by_a_cycle(&node, "the node");
}

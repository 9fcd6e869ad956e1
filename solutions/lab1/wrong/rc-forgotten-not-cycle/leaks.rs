//! Wrong: `leak_in_rc_cycle` keeps the node alive with a forgotten extra `Rc` instead of a cycle, which is `mem::forget` again, not an `Rc` cycle (not unsound).
//! Caught by: ex1_leaks::rc_cycle_keeps_the_node_alive_without_running_its_destructor

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use crate::node::Node;

// ANCHOR: forget
/// Leaks `value` with `std::mem::forget`.
pub fn leak_with_forget<T>(value: T) {
    std::mem::forget(value);
}
// ANCHOR_END: forget

// ANCHOR: box_leak
/// Leaks `value` with `Box::leak` and hands back the leaked value, which now
/// lives for the rest of the program.
pub fn leak_with_box<T>(value: T) -> &'static mut T {
    Box::leak(Box::new(value))
}
// ANCHOR_END: box_leak

// ANCHOR: rc_cycle
/// Leaks `value` by putting it in a [`Node`] that is part of a cycle of
/// `Rc`s, then dropping every handle the caller could reach. Returns a weak
/// handle to the node that holds `value`, so the caller can see the cycle is
/// still alive.
pub fn leak_in_rc_cycle<T>(value: T) -> Weak<Node<T>> {
    let node = Rc::new(Node { value, next: RefCell::new(None) });
    let weak = Rc::downgrade(&node);
    // Nobody will ever drop this handle, so the node stays alive.
    std::mem::forget(node);
    weak
}
// ANCHOR_END: rc_cycle

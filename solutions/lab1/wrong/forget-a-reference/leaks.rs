//! Wrong: `leak_with_forget` forgets a reference to the value (`mem::forget(&value)`), so the value itself is dropped when the function returns: not a leak (not unsound).
//! Caught by: ex1_leaks::forget_never_runs_the_destructor

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use crate::node::Node;

// ANCHOR: forget
/// Leaks `value` with `std::mem::forget`.
pub fn leak_with_forget<T>(value: T) {
    std::mem::forget(&value);
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
    // The node points at itself: its strong count can never reach zero.
    *node.next.borrow_mut() = Some(Rc::clone(&node));
    Rc::downgrade(&node)
    // `node` is dropped here; the count goes from 2 to 1, not to 0.
}
// ANCHOR_END: rc_cycle

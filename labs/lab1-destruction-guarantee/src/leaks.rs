//! Exercise 1: leak a value three different ways, in safe code only.
//!
//! Each function takes ownership of `value` and must make sure its
//! destructor never runs. Book: chapter 1, "Every safe way to skip a
//! destructor" (`ch01-destruction-guarantee/skipping-destructors.md`).

use std::rc::Weak;

use crate::node::Node;

// ANCHOR: signatures
/// Takes `value` and returns with its destructor never run, now or later.
/// Its memory may be lost; the value itself is gone for the caller.
pub fn leak_with_forget<T>(value: T) {
    todo!(
        "lab1 exercise 1a: a value whose destructor never runs (book: ch. 1, Every safe way to skip a destructor)"
    )
}

/// Hands `value` back as a `&'static mut T`: it keeps its contents, stays
/// writable, outlives every scope of the caller and is never dropped.
pub fn leak_with_box<T>(value: T) -> &'static mut T {
    todo!(
        "lab1 exercise 1b: a value that lives, undropped, for the rest of the program (book: ch. 1, Every safe way to skip a destructor)"
    )
}

/// Puts `value` in a [`Node`] that, once this returns, is kept alive by a
/// cycle of strong `Rc`s and by nothing else: no handle the caller could
/// reach, and no `Rc` forgotten on the side (the tests follow `next` back
/// to the node and count its strong handles). The value is never dropped.
/// Returns a weak handle to the node that holds `value`, so the caller can
/// see the cycle is still alive.
pub fn leak_in_rc_cycle<T>(value: T) -> Weak<Node<T>> {
    todo!(
        "lab1 exercise 1c: a node that only its own cycle keeps alive (book: ch. 1, Every safe way to skip a destructor)"
    )
}
// ANCHOR_END: signatures

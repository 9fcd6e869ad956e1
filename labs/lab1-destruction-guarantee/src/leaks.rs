//! Exercise 1: leak a value three different ways, in safe code only.
//!
//! Each function takes ownership of `value` and must make sure its
//! destructor never runs. Book: chapter 1, "Every safe way to skip a
//! destructor" (`ch01-destruction-guarantee/skipping-destructors.md`).

use std::rc::Weak;

use crate::node::Node;

// ANCHOR: signatures
/// Leaks `value` with `std::mem::forget`.
pub fn leak_with_forget<T>(value: T) {
    todo!("lab1 exercise 1a: forget `value` (book: ch. 1, Every safe way to skip a destructor)")
}

/// Leaks `value` with `Box::leak` and hands back the leaked value, which now
/// lives for the rest of the program.
pub fn leak_with_box<T>(value: T) -> &'static mut T {
    todo!(
        "lab1 exercise 1b: put `value` in a Box and leak it (book: ch. 1, Every safe way to skip a destructor)"
    )
}

/// Leaks `value` by putting it in a [`Node`] that is part of a cycle of
/// `Rc`s, then dropping every handle the caller could reach. Returns a weak
/// handle to the node that holds `value`, so the caller can see the cycle is
/// still alive.
pub fn leak_in_rc_cycle<T>(value: T) -> Weak<Node<T>> {
    todo!("lab1 exercise 1c: build a cycle of Rc<Node> (book: ch. 1, Every safe way to skip a destructor)")
}
// ANCHOR_END: signatures

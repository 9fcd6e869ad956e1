//! A node of a reference-counted linked structure: the raw material for an
//! `Rc` cycle in exercise 1. Given, not an exercise.

use std::cell::RefCell;
use std::rc::Rc;

// ANCHOR: node
/// A node that may point at another node (or at itself).
pub struct Node<T> {
    /// The value the node carries.
    pub value: T,
    /// The next node, if any.
    pub next: RefCell<Option<Rc<Node<T>>>>,
}
// ANCHOR_END: node

//! Support code for exercises 1 and 2: checks that a node is kept alive by
//! an `Rc` cycle, and by nothing else.

use std::rc::Rc;

use lab1::node::Node;

/// Panics unless `start` (upgraded from the weak handle the student returned)
/// is owned by the cycle alone and following `next` leads back to it.
/// `what` names the node in the messages ("the node", "the guard's node").
pub fn assert_owned_by_a_cycle<T>(start: &Rc<Node<T>>, what: &str) {
    // The cycle holds one strong handle, our upgrade the other: a forgotten
    // extra `Rc` would also keep the node alive, but that is `mem::forget`,
    // not a cycle.
    assert_eq!(Rc::strong_count(start), 2, "{what} must be owned by the cycle alone, not by a forgotten Rc");
    let mut current = Rc::clone(start);
    for _ in 0..16 {
        let next = current.next.borrow().clone().expect("a node in a cycle must have a next node");
        if Rc::ptr_eq(&next, start) {
            return;
        }
        current = next;
    }
    panic!("following `next` from {what} did not lead back to it within 16 steps: no cycle");
}

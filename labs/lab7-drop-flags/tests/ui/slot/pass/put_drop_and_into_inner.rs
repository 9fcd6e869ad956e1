//! The slot used as meant: put, read, drop, move out. Fails until
//! exercise 1 works.

use lab7::slot;
use lab7::slot::MoveRef;

fn main() {
    slot!(a, b);
    let kept = a.put(String::from("dropped in place"));
    let taken = MoveRef::into_inner(b.put(String::from("moved out")));
    assert_eq!(kept.len() + taken.len(), 25);
}

//! Exercise 2, reference answer: leak the transfer guard in an `Rc` cycle,
//! then keep the guard out of the caller's hands with a guarded closure.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use crate::ledger::{Ledger, PendingTransfer};
use crate::node::Node;

// ANCHOR: lose_transfer
/// 2a. Starts a transfer and leaks its guard in an `Rc` cycle, so the money
/// never arrives, in safe code. Returns a weak handle to the leaked guard.
pub fn lose_transfer<'a>(
    ledger: &'a mut Ledger,
    from: usize,
    to: usize,
    amount: i64,
) -> Weak<Node<PendingTransfer<'a>>> {
    let pending = ledger.begin_transfer(from, to, amount);
    let node = Rc::new(Node { value: pending, next: RefCell::new(None) });
    *node.next.borrow_mut() = Some(Rc::clone(&node));
    Rc::downgrade(&node)
    // `node` goes out of scope, the count drops to 1, and the guard, which
    // still holds `&mut Ledger`, is never dropped. The borrow checker is
    // satisfied: once the caller lets go of the `Weak`, the borrow of
    // `ledger` ends anyway.
}
// ANCHOR_END: lose_transfer

// ANCHOR: transfer
/// 2b. A guarded closure: the guard lives in this frame, where the caller
/// cannot forget it, and is dropped on the way out, also when `during`
/// panics and the stack unwinds.
pub fn transfer<R>(
    ledger: &mut Ledger,
    from: usize,
    to: usize,
    amount: i64,
    during: impl FnOnce(&Ledger) -> R,
) -> R {
    let pending = ledger.begin_transfer(from, to, amount);
    during(pending.ledger())
    // `pending` is dropped here (or during unwinding): the money arrives.
}
// ANCHOR_END: transfer

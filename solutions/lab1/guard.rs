//! Exercise 2, reference answer: leak the transfer guard in an `Rc` cycle,
//! then keep the guard out of the caller's hands with a guarded closure.

use std::cell::RefCell;
use std::rc::Rc;

use crate::ledger::Ledger;
use crate::node::Node;

// ANCHOR: lose_transfer
/// 2a. Starts a transfer and leaks its guard in an `Rc` cycle, so the money
/// never arrives, in safe code.
pub fn lose_transfer(ledger: &mut Ledger, from: usize, to: usize, amount: i64) {
    let pending = ledger.begin_transfer(from, to, amount);
    let node = Rc::new(Node { value: pending, next: RefCell::new(None) });
    *node.next.borrow_mut() = Some(Rc::clone(&node));
    // `node` goes out of scope, the count drops to 1, and the guard, which
    // still holds `&mut Ledger`, is never dropped. The borrow checker is
    // satisfied: the borrow of `ledger` ends here anyway.
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

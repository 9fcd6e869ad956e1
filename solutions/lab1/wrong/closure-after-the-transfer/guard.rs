//! Wrong: `transfer` lets the money arrive first and runs the closure afterwards, on a settled ledger, so the closure never sees the transfer in flight (not unsound).
//! Caught by: ex2_guard::the_closure_runs_while_the_money_is_in_flight
//! Caught by: ex2_guard::nested_transfers_all_land

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
    // The guard is dropped at the end of this statement: the money arrives
    // before `during` runs, so nothing can interrupt the transfer.
    drop(ledger.begin_transfer(from, to, amount));
    during(ledger)
}
// ANCHOR_END: transfer

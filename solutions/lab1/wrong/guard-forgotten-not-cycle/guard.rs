//! Wrong: `lose_transfer` keeps the guard alive with a forgotten `Rc` instead of an `Rc` cycle: the money is lost all the same, but by `mem::forget`, not by a cycle (not unsound).
//! Caught by: ex2_guard::the_guard_is_kept_alive_by_an_rc_cycle

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
    let weak = Rc::downgrade(&node);
    // Never dropped: the guard inside is never dropped either.
    std::mem::forget(node);
    weak
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

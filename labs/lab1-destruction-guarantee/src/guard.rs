//! Exercise 2: the shape of rust-lang/rust#24292, in safe code, and then a
//! sound API.
//!
//! [`Ledger::begin_transfer`] returns a guard whose `Drop` finishes the
//! transfer, just as `thread::scoped` returned a `JoinGuard` whose `Drop`
//! joined the thread. Book: chapter 1, "The Leakpocalypse"
//! (`ch01-destruction-guarantee/leakpocalypse.md`).

use std::rc::Weak;

use crate::ledger::{Ledger, PendingTransfer};
use crate::node::Node;

// ANCHOR: lose_transfer
/// 2a. Starts a transfer of `amount` from `from` to `to` and makes sure, in
/// safe code, that the guard's `Drop` never runs, so the money never
/// arrives. Use an `Rc` cycle, as the 2015 bug report did: put the guard in a
/// [`Node`] (the type of exercise 1) that is part of a cycle (a node that
/// points at itself will do), and return a weak handle to that node, so the
/// tests can see the cycle. Once the caller drops
/// the `Weak`, it can use the ledger again: the borrow is over, the invariant
/// is broken.
pub fn lose_transfer<'a>(
    ledger: &'a mut Ledger,
    from: usize,
    to: usize,
    amount: i64,
) -> Weak<Node<PendingTransfer<'a>>> {
    todo!("lab1 exercise 2a: leak the PendingTransfer in an Rc cycle (book: ch. 1, The Leakpocalypse)")
}
// ANCHOR_END: lose_transfer

// ANCHOR: transfer
/// 2b. The sound API: a guarded closure. Moves `amount` from `from` to `to`,
/// running `during` while the money is in flight (it may look at the ledger,
/// read only), and returns what `during` returns. The money arrives after
/// `during` returns *or panics*: the caller never gets hold of the guard, so
/// the caller cannot forget it.
pub fn transfer<R>(
    ledger: &mut Ledger,
    from: usize,
    to: usize,
    amount: i64,
    during: impl FnOnce(&Ledger) -> R,
) -> R {
    todo!("lab1 exercise 2b: keep the guard inside a guarded closure (book: ch. 1, The Leakpocalypse)")
}
// ANCHOR_END: transfer

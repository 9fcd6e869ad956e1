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
/// 2a. Starts a transfer of `amount` from `from` to `to` whose guard's
/// `Drop` never runs, in safe code: the money leaves `from` and never
/// arrives. As in the 2015 bug report, what keeps the guard alive is an
/// `Rc` cycle of [`Node`]s (the type of exercise 1), and nothing else: not
/// a forgotten handle. The weak handle returned points at the node that
/// holds the guard, so the tests can see the cycle. Once the caller drops
/// the `Weak`, the borrow of `ledger` is over and safe code can use the
/// ledger again, with its invariant broken.
pub fn lose_transfer<'a>(
    ledger: &'a mut Ledger,
    from: usize,
    to: usize,
    amount: i64,
) -> Weak<Node<PendingTransfer<'a>>> {
    todo!("lab1 exercise 2a: a transfer that never lands, in safe code (book: ch. 1, The Leakpocalypse)")
}
// ANCHOR_END: lose_transfer

// ANCHOR: transfer
/// 2b. The sound API: a guarded closure. Moves `amount` from `from` to `to`,
/// running `during` while the money is in flight (it sees the ledger, read
/// only, with the money gone from `from` and not yet in `to`), and returns
/// what `during` returns. By the time `transfer` returns, or a panic of
/// `during` leaves it, the money has arrived. Nothing the caller can do in
/// safe code (forget what it is given, panic, nest transfers) may keep the
/// money from arriving.
pub fn transfer<R>(
    ledger: &mut Ledger,
    from: usize,
    to: usize,
    amount: i64,
    during: impl FnOnce(&Ledger) -> R,
) -> R {
    todo!("lab1 exercise 2b: a transfer the caller cannot stop from landing (book: ch. 1, The Leakpocalypse)")
}
// ANCHOR_END: transfer

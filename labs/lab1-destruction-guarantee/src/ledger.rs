//! `Ledger`: accounts whose balances always add up to the same total, and
//! a guard that breaks that invariant while it lives. Given, not an
//! exercise: exercise 2 breaks it and then wraps it soundly.

// ANCHOR: ledger
/// Accounts that move money between themselves. Invariant, outside of a
/// transfer: the balances add up to the total the ledger was created with.
pub struct Ledger {
    balances: Vec<i64>,
    total: i64,
}

/// A transfer in flight: the money has left one account and arrives in the
/// other when this guard is dropped. The same shape as `thread::scoped`'s
/// `JoinGuard`: the invariant is restored in `Drop`, and nothing else.
pub struct PendingTransfer<'a> {
    ledger: &'a mut Ledger,
    to: usize,
    amount: i64,
}

impl Ledger {
    /// Opens a transfer: debits `from` now; the guard credits `to` when dropped.
    pub fn begin_transfer(&mut self, from: usize, to: usize, amount: i64) -> PendingTransfer<'_> {
        assert!(to < self.balances.len(), "no account {to}");
        self.balances[from] -= amount;
        PendingTransfer { ledger: self, to, amount }
    }
}

impl Drop for PendingTransfer<'_> {
    fn drop(&mut self) {
        self.ledger.balances[self.to] += self.amount;
    }
}
// ANCHOR_END: ledger

impl Ledger {
    /// A ledger with these opening balances.
    pub fn new(balances: &[i64]) -> Self {
        Self { balances: balances.to_vec(), total: balances.iter().sum() }
    }

    /// The balance of one account.
    pub fn balance(&self, account: usize) -> i64 {
        self.balances[account]
    }

    /// The sum of all balances right now.
    pub fn sum(&self) -> i64 {
        self.balances.iter().sum()
    }

    /// Whether the invariant holds: no money was created or destroyed.
    pub fn is_balanced(&self) -> bool {
        self.sum() == self.total
    }
}

impl PendingTransfer<'_> {
    /// The ledger as it is while the money is in flight (read only).
    pub fn ledger(&self) -> &Ledger {
        self.ledger
    }

    /// How much is in flight.
    pub fn amount(&self) -> i64 {
        self.amount
    }
}

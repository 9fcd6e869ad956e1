//! A value that counts its own drops, so a test sees a destructor that ran
//! twice or never.

use std::cell::Cell;

/// How many `Tracked` values made by this counter have been dropped. The
/// values borrow it, so a value dropped twice counts twice and frees nothing.
#[derive(Default)]
pub struct DropCounter(Cell<usize>);

impl DropCounter {
    /// A counter at zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many drops so far.
    pub fn drops(&self) -> usize {
        self.0.get()
    }

    /// A new value that adds one to this counter when dropped.
    pub fn track(&self, value: u64) -> Tracked<'_> {
        Tracked { value, counter: self }
    }
}

/// A number whose destructor is counted.
pub struct Tracked<'c> {
    /// The payload, so a test can check it arrived intact.
    pub value: u64,
    counter: &'c DropCounter,
}

impl Drop for Tracked<'_> {
    fn drop(&mut self) {
        self.counter.0.set(self.counter.0.get() + 1);
    }
}

//! A value that counts its own drops, so a test sees a destructor that ran
//! twice or never.

use std::cell::Cell;
use std::rc::Rc;

/// How many `Tracked` values sharing this counter have been dropped.
#[derive(Clone, Default)]
pub struct DropCounter(Rc<Cell<usize>>);

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
    pub fn track(&self, value: u64) -> Tracked {
        Tracked { value, counter: self.clone() }
    }
}

/// A number whose destructor is counted.
pub struct Tracked {
    /// The payload, so a test can check it arrived intact.
    pub value: u64,
    counter: DropCounter,
}

impl Drop for Tracked {
    fn drop(&mut self) {
        self.counter.0.set(self.counter.0.get() + 1);
    }
}

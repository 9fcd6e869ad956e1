//! Values that count their own drops, so a test can tell whether a
//! destructor ran, and how often. Given, not an exercise.

use std::cell::Cell;
use std::rc::Rc;

/// Counts drops of the [`Tracked`] values it made.
#[derive(Clone, Default, Debug)]
pub struct DropCounter {
    drops: Rc<Cell<usize>>,
}

impl DropCounter {
    /// A counter that has seen no drops.
    pub fn new() -> Self {
        Self::default()
    }

    /// A new value whose drop this counter will count.
    pub fn track(&self, id: u32) -> Tracked {
        Tracked { id, counter: self.clone() }
    }

    /// How many of this counter's values have been dropped so far.
    pub fn drops(&self) -> usize {
        self.drops.get()
    }
}

/// A value that tells its [`DropCounter`] when it is dropped.
#[derive(Debug)]
pub struct Tracked {
    /// Which value this is, so tests can check values arrive intact.
    pub id: u32,
    counter: DropCounter,
}

impl Drop for Tracked {
    fn drop(&mut self) {
        self.counter.drops.set(self.counter.drops.get() + 1);
    }
}

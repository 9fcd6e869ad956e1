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

/// Records how many times each [`Probe`] was dropped, by id.
///
/// Unlike [`Tracked`], a [`Probe`] stays harmless if a buggy container drops
/// it twice: its fields are an index and a shared reference, so a second
/// drop only bumps a counter (which the tests then report) instead of being
/// undefined behaviour. That is what lets the tests of exercise 3 run a
/// deliberately broken `drain` under Miri and watch it fail.
#[derive(Debug)]
pub struct ProbeLog {
    drops: Vec<Cell<usize>>,
}

impl ProbeLog {
    /// A log for probes with ids `0..len`.
    pub fn new(len: usize) -> Self {
        Self { drops: (0..len).map(|_| Cell::new(0)).collect() }
    }

    /// The probe with this id. Panics if `id` is out of range.
    pub fn probe(&self, id: usize) -> Probe<'_> {
        assert!(id < self.drops.len(), "probe id {id} out of range");
        Probe { id, log: self }
    }

    /// How many times the probe with this id has been dropped.
    pub fn drops(&self, id: usize) -> usize {
        self.drops[id].get()
    }

    /// How many ids this log covers.
    pub fn len(&self) -> usize {
        self.drops.len()
    }

    /// Whether the log covers no ids at all.
    pub fn is_empty(&self) -> bool {
        self.drops.is_empty()
    }
}

/// A value that records each of its drops in a [`ProbeLog`].
#[derive(Debug)]
pub struct Probe<'log> {
    /// Which probe this is.
    pub id: usize,
    log: &'log ProbeLog,
}

impl Drop for Probe<'_> {
    fn drop(&mut self) {
        let count = &self.log.drops[self.id];
        count.set(count.get() + 1);
    }
}

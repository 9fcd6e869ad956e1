//! Exercise 2: the table that keeps the buffer of an operation whose future
//! was dropped, until the kernel's completion says the kernel is done with it.

use std::any::Any;
use std::collections::HashMap;

// ANCHOR: orphans
/// Buffers of operations whose future was dropped before their completion,
/// by the operation's key (its `user_data`).
#[derive(Default)]
pub struct Orphans {
    parked: HashMap<u64, Box<dyn Any>>,
}

impl Orphans {
    /// An empty table.
    pub fn new() -> Orphans {
        Orphans::default()
    }

    /// The future of operation `key` was dropped while the kernel may still
    /// write into `buf`. The driver has asked the kernel to cancel, but that
    /// is a request: until the completion of `key` arrives, the kernel may
    /// write into `buf`'s bytes at any moment, so they must stay allocated
    /// and unused by anyone else until then.
    pub fn park(&mut self, key: u64, buf: Box<dyn Any>) {
        todo!(
            "lab4 exercise 2: the buffer outlives the kernel's use of it (book: ch. 3, A dropped operation parks its buffer)"
        )
    }

    /// The completion of operation `key` arrived. If the operation was
    /// orphaned, its buffer is freed (or, for a pool buffer, goes back to its
    /// pool) now, and this returns `true`; otherwise `false`, and nothing
    /// changes: the completion is a live operation's, for its future.
    /// Completions arrive in any order, and every other parked buffer stays
    /// parked until its own.
    pub fn complete(&mut self, key: u64) -> bool {
        todo!(
            "lab4 exercise 2: an orphan's buffer goes when, and only when, its own completion arrives (book: ch. 3, A dropped operation parks its buffer)"
        )
    }
    // ANCHOR_END: orphans

    /// How many buffers are parked.
    pub fn len(&self) -> usize {
        todo!(
            "lab4 exercise 2: how many buffers are parked (book: ch. 3, A dropped operation parks its buffer)"
        )
    }

    /// Whether no buffer is parked.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

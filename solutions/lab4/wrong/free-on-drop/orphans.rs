//! Wrong: parks nothing, so a dropped read's buffer is freed while the kernel still holds its address; unsound (the kernel writes into freed memory).
//! Caught by: ex2_dropped::a_dropped_read_keeps_its_buffer_until_the_completion
//! Caught by: ex2_dropped::many_dropped_reads_are_all_reclaimed
//! Caught by: ex3_pool::a_dropped_reads_pool_buffer_returns_after_its_completion

use std::any::Any;
use std::collections::HashMap;

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
    /// write into `buf`: keep it.
    pub fn park(&mut self, key: u64, buf: Box<dyn Any>) {
        // The operation is cancelled, so the buffer can go now.
        let _ = key;
        drop(buf);
    }

    /// The completion of operation `key` arrived. If the operation was
    /// orphaned, its buffer is freed (or, for a pool buffer, goes back to its
    /// pool) now, and this returns `true`; otherwise `false`.
    pub fn complete(&mut self, key: u64) -> bool {
        // Dropping the box runs the buffer's own drop: free, or recycle.
        self.parked.remove(&key).is_some()
    }

    /// How many buffers are parked.
    pub fn len(&self) -> usize {
        self.parked.len()
    }

    /// Whether no buffer is parked.
    pub fn is_empty(&self) -> bool {
        self.parked.is_empty()
    }
}

//! Wrong: complete says true for every key, since the driver only asks while something is parked, so a live operation that completes while another is parked loses its result and its future never finishes; not unsound.
//! Caught by: ex2_dropped::a_live_read_completing_while_another_is_parked_gets_its_result
//! Caught by: ex2_dropped::the_orphan_table_keeps_each_buffer_by_key_until_its_completion
//! Caught by: ex2_dropped::an_orphan_the_kernel_still_holds_stays_parked_when_another_completes

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
        self.parked.insert(key, buf);
    }

    /// The completion of operation `key` arrived. If the operation was
    /// orphaned, its buffer is freed (or, for a pool buffer, goes back to its
    /// pool) now, and this returns `true`; otherwise `false`.
    pub fn complete(&mut self, key: u64) -> bool {
        // The driver asks only while something is parked, so this is an
        // orphan's completion: drop its box (free, or recycle).
        self.parked.remove(&key);
        true
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

//! Wrong: complete empties the orphan's slot instead of removing it, and is_empty still asks the map, so a table whose orphans have all completed says it is not empty; not unsound.
//! Caught by: ex2_dropped::the_orphan_table_keeps_each_buffer_by_key_until_its_completion

use std::any::Any;
use std::collections::HashMap;

/// Buffers of operations whose future was dropped before their completion,
/// by the operation's key (its `user_data`).
#[derive(Default)]
pub struct Orphans {
    /// A slot per orphan; `None` once its completion let go of the buffer.
    parked: HashMap<u64, Option<Box<dyn Any>>>,
}

impl Orphans {
    /// An empty table.
    pub fn new() -> Orphans {
        Orphans::default()
    }

    /// The future of operation `key` was dropped while the kernel may still
    /// write into `buf`: keep it.
    pub fn park(&mut self, key: u64, buf: Box<dyn Any>) {
        self.parked.insert(key, Some(buf));
    }

    /// The completion of operation `key` arrived. If the operation was
    /// orphaned, its buffer is freed (or, for a pool buffer, goes back to its
    /// pool) now, and this returns `true`; otherwise `false`.
    pub fn complete(&mut self, key: u64) -> bool {
        // Taking the box out drops it, which runs the buffer's own drop:
        // free, or recycle.
        match self.parked.get_mut(&key) {
            Some(slot) => slot.take().is_some(),
            None => false,
        }
    }

    /// How many buffers are parked.
    pub fn len(&self) -> usize {
        self.parked.values().filter(|slot| slot.is_some()).count()
    }

    /// Whether no buffer is parked.
    pub fn is_empty(&self) -> bool {
        self.parked.is_empty()
    }
}

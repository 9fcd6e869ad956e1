//! Wrong: keeps the orphans in a queue and expects their completions in the order they were parked, so an orphan that completes before an older one is never recognised and its buffer is never freed; not unsound, but it leaks.
//! Caught by: ex2_dropped::an_orphan_the_kernel_still_holds_stays_parked_when_another_completes
//! Caught by: ex2_dropped::the_orphan_table_keeps_each_buffer_by_key_until_its_completion

use std::any::Any;
use std::collections::VecDeque;

/// Buffers of operations whose future was dropped before their completion,
/// by the operation's key (its `user_data`).
#[derive(Default)]
pub struct Orphans {
    /// Oldest first: completions arrive in the order operations were parked.
    parked: VecDeque<(u64, Box<dyn Any>)>,
}

impl Orphans {
    /// An empty table.
    pub fn new() -> Orphans {
        Orphans::default()
    }

    /// The future of operation `key` was dropped while the kernel may still
    /// write into `buf`: keep it.
    pub fn park(&mut self, key: u64, buf: Box<dyn Any>) {
        self.parked.push_back((key, buf));
    }

    /// The completion of operation `key` arrived. If the operation was
    /// orphaned, its buffer is freed (or, for a pool buffer, goes back to its
    /// pool) now, and this returns `true`; otherwise `false`.
    pub fn complete(&mut self, key: u64) -> bool {
        // The oldest orphan completes first; dropping its box runs the
        // buffer's own drop: free, or recycle.
        if self.parked.front().is_some_and(|(oldest, _)| *oldest == key) {
            self.parked.pop_front();
            true
        } else {
            false
        }
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

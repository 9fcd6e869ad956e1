//! Exercise 3 (reference answer): a pool of buffers that go back to the pool
//! when dropped, so a steady stream of operations allocates nothing.
//! The types and their fields are given, in `src/pool_buf.rs`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::pool_buf::{Pool, PoolBuf, Shared};

// ANCHOR: pool
impl Pool {
    /// A pool handing out empty buffers of `size` bytes' capacity.
    pub fn new(size: usize) -> Pool {
        Pool { shared: Rc::new(Shared { size, idle: RefCell::new(Vec::new()), allocated: Cell::new(0) }) }
    }

    /// An empty buffer: an idle one if there is one, else a new allocation.
    pub fn get(&self) -> PoolBuf {
        let idle = self.shared.idle.borrow_mut().pop();
        let bytes = idle.unwrap_or_else(|| {
            self.shared.allocated.set(self.shared.allocated.get() + 1);
            Vec::with_capacity(self.shared.size)
        });
        PoolBuf { bytes, shared: Rc::clone(&self.shared) }
    }
    // ANCHOR_END: pool

    /// How many buffers this pool has ever allocated.
    pub fn allocated(&self) -> usize {
        self.shared.allocated.get()
    }

    /// How many buffers are back in the pool, waiting to be reused.
    pub fn idle(&self) -> usize {
        self.shared.idle.borrow().len()
    }
}

// ANCHOR: recycle
impl Drop for PoolBuf {
    fn drop(&mut self) {
        let mut bytes = std::mem::take(&mut self.bytes);
        bytes.clear();
        self.shared.idle.borrow_mut().push(bytes);
    }
}
// ANCHOR_END: recycle

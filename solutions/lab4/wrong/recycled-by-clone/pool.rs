//! Wrong: a dropped PoolBuf puts a clone of its bytes back in the pool (Drop only has &mut self), so every return allocates and the pool hands out a different buffer each time; not unsound.
//! Caught by: ex3_pool::the_steady_state_allocates_nothing
//! Caught by: ex3_pool::a_pool_buffer_comes_back_empty

use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// A pool of byte buffers of one size, for one thread.
pub struct Pool {
    shared: Rc<Shared>,
}

/// What the pool and every buffer taken from it share.
struct Shared {
    /// The capacity of every buffer.
    size: usize,
    /// Buffers back from use, ready to be handed out again.
    idle: RefCell<Vec<Vec<u8>>>,
    /// How many buffers the pool has ever allocated.
    allocated: Cell<usize>,
}

/// A buffer from a [`Pool`]; dropping it returns it to the pool.
pub struct PoolBuf {
    /// The bytes; `pool_buf.rs` (given) makes them an `IoBufMut`.
    pub(crate) bytes: Vec<u8>,
    shared: Rc<Shared>,
}

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

    /// How many buffers this pool has ever allocated.
    pub fn allocated(&self) -> usize {
        self.shared.allocated.get()
    }

    /// How many buffers are back in the pool, waiting to be reused.
    pub fn idle(&self) -> usize {
        self.shared.idle.borrow().len()
    }
}

impl Drop for PoolBuf {
    fn drop(&mut self) {
        let mut bytes = self.bytes.clone();
        bytes.clear();
        self.shared.idle.borrow_mut().push(bytes);
    }
}

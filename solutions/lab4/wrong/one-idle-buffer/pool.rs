//! Wrong: the pool keeps a single idle buffer (one is enough for one read at a time), so when several buffers come back all but the last are freed, and the next burst allocates again; not unsound.
//! Caught by: ex3_pool::buffers_out_at_once_are_each_allocated_once_and_all_come_back

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
    /// The buffer back from use, ready to be handed out again.
    idle: RefCell<Option<Vec<u8>>>,
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
        Pool { shared: Rc::new(Shared { size, idle: RefCell::new(None), allocated: Cell::new(0) }) }
    }

    /// An empty buffer: an idle one if there is one, else a new allocation.
    pub fn get(&self) -> PoolBuf {
        let idle = self.shared.idle.borrow_mut().take();
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
        usize::from(self.shared.idle.borrow().is_some())
    }
}

impl Drop for PoolBuf {
    fn drop(&mut self) {
        let mut bytes = std::mem::take(&mut self.bytes);
        bytes.clear();
        *self.shared.idle.borrow_mut() = Some(bytes);
    }
}

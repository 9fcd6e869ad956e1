//! Exercise 3: a pool of buffers that go back to the pool when dropped, so a
//! steady stream of operations allocates nothing.

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
        todo!("lab4 exercise 3: an empty pool (book: ch. 3, Making owned buffers cheap)")
    }

    /// An empty buffer: an idle one if there is one, else a new allocation.
    pub fn get(&self) -> PoolBuf {
        todo!(
            "lab4 exercise 3: reuse an idle buffer, or allocate and count (book: ch. 3, Making owned buffers cheap)"
        )
    }

    /// How many buffers this pool has ever allocated.
    pub fn allocated(&self) -> usize {
        todo!("lab4 exercise 3: the allocation counter (book: ch. 3, Making owned buffers cheap)")
    }

    /// How many buffers are back in the pool, waiting to be reused.
    pub fn idle(&self) -> usize {
        todo!("lab4 exercise 3: the idle count (book: ch. 3, Making owned buffers cheap)")
    }
}

impl Drop for PoolBuf {
    fn drop(&mut self) {
        todo!(
            "lab4 exercise 3: give the buffer back to its pool, emptied (book: ch. 3, Making owned buffers cheap)"
        )
    }
}

//! Exercise 3: a pool of buffers that go back to the pool when dropped, so a
//! steady stream of operations allocates nothing.
//! The types and their fields are given, in `src/pool_buf.rs`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::pool_buf::{Pool, PoolBuf, Shared};

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

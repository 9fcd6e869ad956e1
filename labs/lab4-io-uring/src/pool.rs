//! Exercise 3: a pool of buffers that go back to the pool when dropped, so a
//! steady stream of operations allocates nothing.
//! The types and their fields are given, in `src/pool_buf.rs`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::pool_buf::{Pool, PoolBuf, Shared};

impl Pool {
    /// A pool handing out empty buffers of `size` bytes' capacity.
    pub fn new(size: usize) -> Pool {
        todo!("lab4 exercise 3: a pool with nothing allocated yet (book: ch. 3, Making owned buffers cheap)")
    }

    /// An empty buffer (length 0) with room for `size` bytes. While an idle
    /// buffer is back in the pool, no new one is allocated; many buffers may
    /// be out at once.
    pub fn get(&self) -> PoolBuf {
        todo!(
            "lab4 exercise 3: a buffer that allocates only when none is idle (book: ch. 3, Making owned buffers cheap)"
        )
    }

    /// How many buffers this pool has ever allocated.
    pub fn allocated(&self) -> usize {
        todo!(
            "lab4 exercise 3: how many buffers were ever allocated (book: ch. 3, Making owned buffers cheap)"
        )
    }

    /// How many buffers are back in the pool, waiting to be reused.
    pub fn idle(&self) -> usize {
        todo!("lab4 exercise 3: how many buffers wait to be reused (book: ch. 3, Making owned buffers cheap)")
    }
}

impl Drop for PoolBuf {
    /// The buffer's allocation goes back to its pool, whoever drops it (an
    /// operation's caller, or the orphan table after the completion), even
    /// if the `Pool` handle is gone; the next user must not see this user's
    /// bytes.
    fn drop(&mut self) {
        todo!(
            "lab4 exercise 3: the allocation goes back to its pool, with no old bytes in view (book: ch. 3, Making owned buffers cheap)"
        )
    }
}

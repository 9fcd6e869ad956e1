//! Given code for exercise 3: the pool's and its buffers' fields, and what
//! makes a pool buffer an owned io_uring buffer (its bytes are a `Vec`'s
//! heap allocation, whatever your pool does with them). Write the pool's
//! methods and the buffer's `Drop` in `src/pool.rs`.

use std::cell::{Cell, RefCell};
use std::ops::Deref;
use std::rc::Rc;

use crate::iobuf::{IoBuf, IoBufMut};

// ANCHOR: types
/// A pool of byte buffers of one size, for one thread.
pub struct Pool {
    pub(crate) shared: Rc<Shared>,
}

/// What the pool and every buffer taken from it share.
pub(crate) struct Shared {
    /// The capacity of every buffer.
    pub(crate) size: usize,
    /// Buffers back from use, ready to be handed out again.
    pub(crate) idle: RefCell<Vec<Vec<u8>>>,
    /// How many buffers the pool has ever allocated.
    pub(crate) allocated: Cell<usize>,
}

/// A buffer from a [`Pool`]; dropping it returns it to the pool.
pub struct PoolBuf {
    /// The bytes, which the impls below make an `IoBufMut`.
    pub(crate) bytes: Vec<u8>,
    pub(crate) shared: Rc<Shared>,
}
// ANCHOR_END: types

impl Deref for PoolBuf {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.bytes
    }
}

// SAFETY: the bytes are a Vec's heap allocation, which a move of the
// PoolBuf does not move; the Vec is only replaced when the PoolBuf is dropped.
unsafe impl IoBuf for PoolBuf {
    fn stable_ptr(&self) -> *const u8 {
        self.bytes.as_ptr()
    }

    fn bytes_init(&self) -> usize {
        self.bytes.len()
    }

    fn bytes_total(&self) -> usize {
        self.bytes.capacity()
    }
}

// SAFETY: as for `IoBuf`, through the same Vec.
unsafe impl IoBufMut for PoolBuf {
    fn stable_mut_ptr(&mut self) -> *mut u8 {
        self.bytes.as_mut_ptr()
    }

    unsafe fn set_init(&mut self, n: usize) {
        if self.bytes.len() < n {
            // SAFETY: the caller promises the first `n <= capacity` bytes
            // are initialised.
            unsafe { self.bytes.set_len(n) };
        }
    }
}

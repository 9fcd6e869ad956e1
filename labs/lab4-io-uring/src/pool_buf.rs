//! What makes a pool buffer an owned io_uring buffer (given): its bytes
//! are a `Vec`'s heap allocation, whatever your pool does with them.

use std::ops::Deref;

use crate::iobuf::{IoBuf, IoBufMut};
use crate::pool::PoolBuf;

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

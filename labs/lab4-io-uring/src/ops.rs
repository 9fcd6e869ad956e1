//! Exercise 1: `Vec<u8>` as an owned io_uring buffer, and `read_at`/
//! `write_at` that take the buffer by value and give it back with the result.

use std::fs::File;
use std::io;
use std::os::fd::AsRawFd;

use io_uring::{opcode, types};

use crate::iobuf::{BufResult, IoBuf, IoBufMut};
use crate::op::Op;

// SAFETY: (write why a Vec keeps the IoBuf contract)
unsafe impl IoBuf for Vec<u8> {
    fn stable_ptr(&self) -> *const u8 {
        todo!(
            "lab4 exercise 1: where the bytes are, unchanged when the Vec moves (book: ch. 3, Owned buffers)"
        )
    }

    fn bytes_init(&self) -> usize {
        todo!("lab4 exercise 1: how many bytes are initialised (book: ch. 3, Owned buffers)")
    }

    fn bytes_total(&self) -> usize {
        todo!("lab4 exercise 1: how many bytes are allocated (book: ch. 3, Owned buffers)")
    }
}

// SAFETY: (write why)
unsafe impl IoBufMut for Vec<u8> {
    fn stable_mut_ptr(&mut self) -> *mut u8 {
        todo!("lab4 exercise 1: where the kernel may write, the same bytes (book: ch. 3, Owned buffers)")
    }

    unsafe fn set_init(&mut self, n: usize) {
        todo!("lab4 exercise 1: the first n bytes now count as initialised (book: ch. 3, Owned buffers)")
    }
}

// ANCHOR: read_at
/// Reads from `file` at `offset` into `buf`, from its start up to its
/// capacity, and gives `buf` back with the number of bytes read (0 at end of
/// file; fewer than the capacity is a short read, not an error). Pipes and
/// sockets ignore `offset`; pass 0.
///
/// From submission until the kernel's completion is reaped, the kernel may
/// write into `buf`'s bytes, whether or not this future still exists, so
/// nothing may free, move or reuse those bytes in that time. Afterwards
/// `buf` counts the bytes the kernel wrote as initialised, and keeps any
/// initialised bytes past them. On an error, `buf` comes back as it was
/// given (same allocation, same length) with the kernel's error.
pub async fn read_at<B: IoBufMut>(file: &File, buf: B, offset: u64) -> BufResult<usize, B> {
    todo!(
        "lab4 exercise 1: a read that hands the buffer back with the count or the error (book: ch. 3, Owned buffers)"
    )
}
// ANCHOR_END: read_at

/// Writes `buf`'s initialised bytes, and only those, to `file` at `offset`
/// and gives `buf` back with the number of bytes the kernel took, which may
/// be fewer (a short write: the caller sends the rest). An empty buffer
/// writes nothing and succeeds. Pipes and sockets ignore `offset`; pass 0.
///
/// The kernel may read `buf`'s bytes until its completion is reaped,
/// whether or not this future still exists. On an error, `buf` comes back
/// unchanged with the kernel's error.
pub async fn write_at<B: IoBuf>(file: &File, buf: B, offset: u64) -> BufResult<usize, B> {
    todo!(
        "lab4 exercise 1: a write that hands the buffer back with the count or the error (book: ch. 3, Owned buffers)"
    )
}

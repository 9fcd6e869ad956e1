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
        todo!("lab4 exercise 1: the Vec's heap pointer (book: ch. 3, Owned buffers)")
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
        todo!("lab4 exercise 1: the Vec's heap pointer, for writing (book: ch. 3, Owned buffers)")
    }

    unsafe fn set_init(&mut self, n: usize) {
        todo!("lab4 exercise 1: grow the length to n, never shrink it (book: ch. 3, Owned buffers)")
    }
}

// ANCHOR: read_at
/// Reads from `file` at `offset` into `buf`, from its start up to its
/// capacity, and gives `buf` back with the number of bytes read (0 at end of
/// file). Pipes and sockets ignore `offset`; pass 0.
pub async fn read_at<B: IoBufMut>(file: &File, buf: B, offset: u64) -> BufResult<usize, B> {
    todo!(
        "lab4 exercise 1: submit an opcode::Read through Op::submit and hand the buffer back (book: ch. 3, Owned buffers)"
    )
}
// ANCHOR_END: read_at

/// Writes `buf`'s initialised bytes to `file` at `offset` and gives `buf`
/// back with the number of bytes written. Pipes and sockets ignore
/// `offset`; pass 0.
pub async fn write_at<B: IoBuf>(file: &File, buf: B, offset: u64) -> BufResult<usize, B> {
    todo!(
        "lab4 exercise 1: submit an opcode::Write through Op::submit and hand the buffer back (book: ch. 3, Owned buffers)"
    )
}

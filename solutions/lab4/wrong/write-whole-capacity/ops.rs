//! Wrong: write_at hands the kernel the buffer's whole capacity instead of its initialised bytes, so the spare capacity (old heap contents) lands in the file; not unsound by Rust's rules (the kernel, not Rust code, reads those bytes), but it leaks memory contents.
//! Caught by: ex1_owned_ops::write_at_sends_only_the_initialised_bytes
//! Caught by: ex1_owned_ops::an_empty_write_writes_nothing_and_succeeds

use std::fs::File;
use std::io;
use std::os::fd::AsRawFd;

use io_uring::{opcode, types};

use crate::iobuf::{BufResult, IoBuf, IoBufMut};
use crate::op::Op;

// SAFETY: a Vec's bytes live on the heap: moving the Vec moves its pointer,
// length and capacity, never the bytes, so the pointer stays valid until the
// Vec is dropped. The first `len` bytes are initialised and `capacity` bytes
// are allocated.
unsafe impl IoBuf for Vec<u8> {
    fn stable_ptr(&self) -> *const u8 {
        self.as_ptr()
    }

    fn bytes_init(&self) -> usize {
        self.len()
    }

    fn bytes_total(&self) -> usize {
        self.capacity()
    }
}

// SAFETY: as for `IoBuf`; `as_mut_ptr` is the same address, valid for
// writes of `capacity` bytes.
unsafe impl IoBufMut for Vec<u8> {
    fn stable_mut_ptr(&mut self) -> *mut u8 {
        self.as_mut_ptr()
    }

    unsafe fn set_init(&mut self, n: usize) {
        if self.len() < n {
            // SAFETY: the caller promises the first `n <= capacity` bytes
            // are initialised.
            unsafe { self.set_len(n) };
        }
    }
}

/// Reads from `file` at `offset` into `buf`, from its start up to its
/// capacity, and gives `buf` back with the number of bytes read (0 at end of
/// file). Pipes and sockets ignore `offset`; pass 0.
pub async fn read_at<B: IoBufMut>(file: &File, mut buf: B, offset: u64) -> BufResult<usize, B> {
    let len = u32::try_from(buf.bytes_total()).unwrap_or(u32::MAX);
    let entry =
        opcode::Read::new(types::Fd(file.as_raw_fd()), buf.stable_mut_ptr(), len).offset(offset).build();
    // SAFETY: the entry points into `buf`'s bytes only, which stay put while
    // the Op (or, once it is dropped, the driver) owns `buf`.
    let (result, mut buf) = unsafe { Op::submit(entry, buf) }.await;
    if result < 0 {
        return (Err(io::Error::from_raw_os_error(-result)), buf);
    }
    let n = result as usize;
    // SAFETY: the kernel wrote `n <= len` bytes from the start of the buffer.
    unsafe { buf.set_init(n) };
    (Ok(n), buf)
}

/// Writes `buf`'s initialised bytes to `file` at `offset` and gives `buf`
/// back with the number of bytes written. Pipes and sockets ignore
/// `offset`; pass 0.
pub async fn write_at<B: IoBuf>(file: &File, buf: B, offset: u64) -> BufResult<usize, B> {
    let len = u32::try_from(buf.bytes_total()).unwrap_or(u32::MAX);
    let entry = opcode::Write::new(types::Fd(file.as_raw_fd()), buf.stable_ptr(), len).offset(offset).build();
    // SAFETY: the entry points into `buf`'s initialised bytes only, which
    // stay put while the Op (or the driver) owns `buf`.
    let (result, buf) = unsafe { Op::submit(entry, buf) }.await;
    if result < 0 {
        return (Err(io::Error::from_raw_os_error(-result)), buf);
    }
    (Ok(result as usize), buf)
}

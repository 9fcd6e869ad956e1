//! Exercise 4 (reference answer): a pool of buffers registered with this
//! thread's ring, and reads and writes that name a buffer by its
//! registration instead of handing the kernel an address to map each time.

use std::cell::RefCell;
use std::fs::File;
use std::io;
use std::ops::Deref;
use std::os::fd::AsRawFd;
use std::rc::Rc;

use io_uring::{opcode, types};

use crate::driver;
use crate::iobuf::BufResult;
use crate::op::Op;

// ANCHOR: types
/// `count` buffers of `size` bytes each, registered with this thread's ring
/// for as long as the pool or any of its buffers is alive.
pub struct FixedPool {
    registered: Rc<Registered>,
}

/// The registration, and the buffers back in the pool. Every `FixedBuf`
/// holds an `Rc` to it, so it is dropped after the last buffer came back:
/// after the completion of every operation on any of them.
struct Registered {
    /// Idle buffers, by index: each a `Vec` whose heap block is registered
    /// as buffer `index` and never grows, shrinks its capacity or moves.
    idle: RefCell<Vec<(u16, Vec<u8>)>>,
}

/// One buffer of a [`FixedPool`], out of the pool until it is dropped.
pub struct FixedBuf {
    index: u16,
    /// Registered memory: pushed onto only within its capacity.
    bytes: Vec<u8>,
    registered: Rc<Registered>,
}
// ANCHOR_END: types

// ANCHOR: lifetimes
impl Drop for Registered {
    /// The pool and every buffer are gone, so no fixed operation on them is
    /// in flight (an in-flight buffer is its `Op`'s, or the driver's). End
    /// the registration, then let the fields free the memory. If the kernel
    /// will not end it, the memory stays registered: leak it.
    fn drop(&mut self) {
        if driver::unregister_buffers().is_err() {
            std::mem::forget(self.idle.take());
        }
    }
}

impl Drop for FixedBuf {
    /// Back to the pool, emptied. The `Rc` field drops after this body: if
    /// it was the last, the registration ends after the bytes are back.
    fn drop(&mut self) {
        let mut bytes = std::mem::take(&mut self.bytes);
        bytes.clear();
        self.registered.idle.borrow_mut().push((self.index, bytes));
    }
}
// ANCHOR_END: lifetimes

// ANCHOR: new
impl FixedPool {
    /// Registers `count` buffers of `size` bytes with this thread's ring.
    pub fn new(count: usize, size: usize) -> io::Result<FixedPool> {
        let Ok(last) = u16::try_from(count.saturating_sub(1)) else {
            return Err(io::Error::from_raw_os_error(libc::EINVAL));
        };
        let mut buffers: Vec<Vec<u8>> = (0..count).map(|_| Vec::with_capacity(size)).collect();
        let iovecs: Vec<libc::iovec> = buffers
            .iter_mut()
            .map(|bytes| libc::iovec { iov_base: bytes.as_mut_ptr().cast(), iov_len: bytes.capacity() })
            .collect();
        // SAFETY: each iovec is the heap block of one of `buffers`, which from
        // here on live in `Registered` or in a `FixedBuf` holding an `Rc` to
        // it; neither grows nor moves them, and `Registered`'s drop, which
        // runs after every buffer's operations completed, ends the
        // registration before they are freed. On an error nothing is
        // registered and they are freed here.
        unsafe { driver::register_buffers(&iovecs) }?;
        let idle = (0..=last).rev().zip(buffers.into_iter().rev()).collect();
        Ok(FixedPool { registered: Rc::new(Registered { idle: RefCell::new(idle) }) })
    }

    /// An empty idle buffer, or `None` when every buffer is out.
    pub fn get(&self) -> Option<FixedBuf> {
        let (index, bytes) = self.registered.idle.borrow_mut().pop()?;
        Some(FixedBuf { index, bytes, registered: Rc::clone(&self.registered) })
    }
    // ANCHOR_END: new

    /// How many buffers are back in the pool, ready to be handed out.
    pub fn idle(&self) -> usize {
        self.registered.idle.borrow().len()
    }
}

impl FixedBuf {
    /// How many bytes the buffer can hold.
    pub fn capacity(&self) -> usize {
        self.bytes.capacity()
    }

    /// Appends `bytes`; panics, changing nothing, if they do not fit.
    pub fn extend_from_slice(&mut self, bytes: &[u8]) {
        assert!(
            bytes.len() <= self.bytes.capacity() - self.bytes.len(),
            "{} more bytes do not fit in a fixed buffer of {} with {} in use",
            bytes.len(),
            self.bytes.capacity(),
            self.bytes.len()
        );
        // Within the capacity: the Vec does not reallocate.
        self.bytes.extend_from_slice(bytes);
    }
}

impl Deref for FixedBuf {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.bytes
    }
}

// ANCHOR: ops
/// Reads from `file` at `offset` into `buf`'s registered memory and gives
/// `buf` back with the number of bytes read.
pub async fn read_fixed_at(file: &File, mut buf: FixedBuf, offset: u64) -> BufResult<usize, FixedBuf> {
    let len = u32::try_from(buf.bytes.capacity()).unwrap_or(u32::MAX);
    let entry = opcode::ReadFixed::new(types::Fd(file.as_raw_fd()), buf.bytes.as_mut_ptr(), len, buf.index)
        .offset(offset)
        .build();
    // SAFETY: the entry names buffer `index` and points into its registered
    // heap block only, which the Op owns (through `buf`) until the completion,
    // and the driver after it if the Op is dropped first.
    let (result, mut buf) = unsafe { Op::submit(entry, buf) }.await;
    if result < 0 {
        return (Err(io::Error::from_raw_os_error(-result)), buf);
    }
    let n = result as usize;
    if buf.bytes.len() < n {
        // SAFETY: the kernel wrote the first `n <= capacity` bytes.
        unsafe { buf.bytes.set_len(n) };
    }
    (Ok(n), buf)
}

/// Writes `buf`'s initialised bytes to `file` at `offset` and gives `buf`
/// back with the number of bytes written.
pub async fn write_fixed_at(file: &File, buf: FixedBuf, offset: u64) -> BufResult<usize, FixedBuf> {
    let len = u32::try_from(buf.bytes.len()).unwrap_or(u32::MAX);
    let entry = opcode::WriteFixed::new(types::Fd(file.as_raw_fd()), buf.bytes.as_ptr(), len, buf.index)
        .offset(offset)
        .build();
    // SAFETY: the entry points into buffer `index`'s initialised bytes only,
    // which the Op (or the driver) owns until the completion.
    let (result, buf) = unsafe { Op::submit(entry, buf) }.await;
    if result < 0 {
        return (Err(io::Error::from_raw_os_error(-result)), buf);
    }
    (Ok(result as usize), buf)
}
// ANCHOR_END: ops

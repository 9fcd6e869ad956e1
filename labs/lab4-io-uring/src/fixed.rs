//! Exercise 4 (stretch): a pool of buffers registered with this thread's
//! ring, and reads and writes that name a buffer by its registration instead
//! of handing the kernel an address to map each time. You design the types:
//! their fields, how the memory is held, and what each drop does.

use std::fs::File;
use std::io;
use std::ops::Deref;

use crate::iobuf::BufResult;

// ANCHOR: contract
/// `count` buffers of `size` bytes each, registered with this thread's ring
/// (`driver::register_buffers`) for as long as the pool or any of its
/// buffers is alive.
///
/// What must hold:
/// - From a fixed operation's submission until its completion is reaped, the
///   kernel may write into that buffer's memory, whether or not the
///   operation's future still exists. In that time the buffer is handed out
///   to nobody else, and its memory is not freed, however the future, the
///   buffer or the pool are dropped.
/// - The registered memory stays allocated until the registration is over
///   (`driver::unregister_buffers`), and the registration stays while any
///   buffer may still be used or written: a buffer still out after its pool
///   is dropped still reads and writes. Once the pool and every buffer are
///   gone, and every operation on them has completed, the registration is
///   over, so that a new pool on this thread can register.
/// - A buffer whose owner forgets it (`mem::forget` of the buffer, or of a
///   future holding it) is leaked, memory and registration included: sound.
pub struct FixedPool {
    // Your fields.
}

/// One buffer of a [`FixedPool`], out of the pool until it is dropped:
/// `len()` initialised bytes (`Deref`), room for `capacity()`. It comes out
/// of the pool empty, with none of the last user's bytes in view, and goes
/// back when dropped, by its owner or, after the completion of an operation
/// whose future was dropped, by the driver (from there, the one driver
/// function its drop may call is `driver::unregister_buffers`).
pub struct FixedBuf {
    // Your fields.
}
// ANCHOR_END: contract

impl FixedPool {
    /// Registers `count` buffers of `size` bytes with this thread's ring.
    /// Fails with the kernel's error, unchanged, when the kernel refuses the
    /// registration (`ENOMEM` past the locked-memory limit, `EBUSY` while
    /// another registration is alive on this thread's ring, `EPERM` under a
    /// seccomp filter), and then nothing stays allocated or registered.
    pub fn new(count: usize, size: usize) -> io::Result<FixedPool> {
        todo!(
            "lab4 exercise 4: buffers registered with the ring, for as long as the kernel may use them (book: ch. 3, Registered buffers: a borrow the kernel holds)"
        )
    }

    /// An empty buffer that no one else holds and the kernel may not write
    /// into, or `None` when every buffer is out (the set is fixed: a new one
    /// is never allocated).
    pub fn get(&self) -> Option<FixedBuf> {
        todo!(
            "lab4 exercise 4: a buffer no operation in flight can still write into (book: ch. 3, Registered buffers: a borrow the kernel holds)"
        )
    }

    /// How many buffers are back in the pool, ready to be handed out.
    pub fn idle(&self) -> usize {
        todo!(
            "lab4 exercise 4: how many buffers are ready (book: ch. 3, Registered buffers: a borrow the kernel holds)"
        )
    }
}

impl FixedBuf {
    /// How many bytes the buffer can hold: the pool's `size`.
    pub fn capacity(&self) -> usize {
        todo!(
            "lab4 exercise 4: the buffer's size (book: ch. 3, Registered buffers: a borrow the kernel holds)"
        )
    }

    /// Appends `bytes` after the initialised ones. Panics, changing
    /// nothing, if they do not fit: a registered buffer never grows or moves.
    pub fn extend_from_slice(&mut self, bytes: &[u8]) {
        todo!(
            "lab4 exercise 4: more initialised bytes, in the registered memory only (book: ch. 3, Registered buffers: a borrow the kernel holds)"
        )
    }
}

impl Deref for FixedBuf {
    type Target = [u8];

    /// The initialised bytes.
    fn deref(&self) -> &[u8] {
        todo!(
            "lab4 exercise 4: the initialised bytes (book: ch. 3, Registered buffers: a borrow the kernel holds)"
        )
    }
}

// ANCHOR: ops
/// Reads from `file` at `offset` into `buf`, from its start up to its
/// capacity, as a fixed read of `buf`'s registered memory, and gives `buf`
/// back with the number of bytes read: every byte read is in the buffer
/// handed back, which counts the bytes the kernel wrote as initialised and
/// keeps any initialised bytes past them. On an error, `buf` comes back as
/// it was, with the kernel's error.
pub async fn read_fixed_at(file: &File, buf: FixedBuf, offset: u64) -> BufResult<usize, FixedBuf> {
    todo!(
        "lab4 exercise 4: a fixed read that hands its buffer back with every byte it read (book: ch. 3, Registered buffers: a borrow the kernel holds)"
    )
}

/// Writes `buf`'s initialised bytes, and only those, to `file` at `offset`
/// as a fixed write, and gives `buf` back, unchanged, with the number of
/// bytes the kernel took (0 for an empty buffer) or the kernel's error.
pub async fn write_fixed_at(file: &File, buf: FixedBuf, offset: u64) -> BufResult<usize, FixedBuf> {
    todo!(
        "lab4 exercise 4: a fixed write that hands its buffer back (book: ch. 3, Registered buffers: a borrow the kernel holds)"
    )
}
// ANCHOR_END: ops

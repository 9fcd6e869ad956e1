//! What versions 1 to 4 share: a block holding a count next to plain data,
//! a handle to it, and a program in which two threads drop the last two
//! handles, so either one may free the block.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The block: a count and a label that is not inside an `UnsafeCell`.
pub struct Inner {
    pub count: AtomicUsize,
    pub label: char,
}

/// One counted handle; each version writes its own `Drop`.
pub struct Handle {
    pub ptr: *mut Inner,
}

// SAFETY: the block is freed by whichever thread drops the last handle; the
// count is atomic and the label is only read.
unsafe impl Send for Handle {}

impl Handle {
    pub fn new(label: char) -> Self {
        let inner = Box::new(Inner { count: AtomicUsize::new(1), label });
        Handle { ptr: Box::into_raw(inner) }
    }

    pub fn share(&self) -> Self {
        // SAFETY: `self` keeps the block alive.
        unsafe { &(*self.ptr).count }.fetch_add(1, Ordering::Relaxed);
        Handle { ptr: self.ptr }
    }
}

/// Frees the block through the handle's raw pointer, the one that came from
/// `Box::into_raw`.
///
/// # Safety
/// The count reached zero and the caller synchronised with every other
/// handle's decrement.
pub unsafe fn free(ptr: *mut Inner) {
    // SAFETY: as the caller promises.
    drop(unsafe { Box::from_raw(ptr) });
}

/// Two threads, two handles: either thread may be the one that frees.
pub fn two_threads_drop() {
    let a = Handle::new('a');
    let b = a.share();
    let other = std::thread::spawn(move || drop(b));
    drop(a);
    other.join().unwrap();
}

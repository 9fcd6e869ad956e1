//! Version 2, out-of-line `&Inner`: a helper takes the block by reference
//! and frees it while that argument is live.

#[path = "bomb/common.rs"]
mod common;
use common::{Handle, Inner, free, two_threads_drop};
use std::sync::atomic::{Ordering, fence};

// ANCHOR: drop
/// # Safety
/// `inner` and `ptr` are the same live block, and the caller gives up a handle.
unsafe fn release(inner: &Inner, ptr: *mut Inner) {
    if inner.count.fetch_sub(1, Ordering::Release) == 1 {
        fence(Ordering::Acquire);
        // SAFETY: the last handle.
        unsafe { free(ptr) };
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        // SAFETY: this handle keeps the block alive until the decrement.
        let label = unsafe { (*self.ptr).label };
        // SAFETY: as above.
        let inner: &Inner = unsafe { &*self.ptr };
        // SAFETY: the same block; this handle is given up.
        unsafe { release(inner, self.ptr) };
        println!("dropped a handle to {label}");
    }
}
// ANCHOR_END: drop

fn main() {
    two_threads_drop();
}

//! Version 4, out-of-line `&AtomicUsize`: a helper takes the count by
//! reference and frees the block while that argument is live.

#[path = "bomb/common.rs"]
mod common;
use common::{Handle, Inner, free, two_threads_drop};
use std::sync::atomic::{AtomicUsize, Ordering, fence};

// ANCHOR: drop
/// # Safety
/// `count` is the count inside the live block `ptr`, and the caller gives up
/// a handle.
unsafe fn release(count: &AtomicUsize, ptr: *mut Inner) {
    if count.fetch_sub(1, Ordering::Release) == 1 {
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
        let count: &AtomicUsize = unsafe { &(*self.ptr).count };
        // SAFETY: the count of the same block; this handle is given up.
        unsafe { release(count, self.ptr) };
        println!("dropped a handle to {label}");
    }
}
// ANCHOR_END: drop

fn main() {
    two_threads_drop();
}

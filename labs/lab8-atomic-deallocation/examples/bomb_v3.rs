//! Version 3, in-line `&AtomicUsize`: `drop` holds a reference to the count
//! only while it frees the block.

#[path = "bomb/common.rs"]
mod common;
use common::{Handle, free, two_threads_drop};
use std::sync::atomic::{AtomicUsize, Ordering, fence};

// ANCHOR: drop
impl Drop for Handle {
    fn drop(&mut self) {
        // SAFETY: this handle keeps the block alive until the decrement.
        let count: &AtomicUsize = unsafe { &(*self.ptr).count };
        // SAFETY: as above.
        let label = unsafe { (*self.ptr).label };
        if count.fetch_sub(1, Ordering::Release) == 1 {
            fence(Ordering::Acquire);
            // SAFETY: the last handle; `count` is not used again.
            unsafe { free(self.ptr) };
        }
        println!("dropped a handle to {label}");
    }
}
// ANCHOR_END: drop

fn main() {
    two_threads_drop();
}

//! Version 1 after "Label Code Motion": the label is read where it is
//! printed, through `inner`, which the types say is still valid.

#[path = "bomb/common.rs"]
mod common;
use common::{Handle, Inner, free, two_threads_drop};
use std::sync::atomic::{Ordering, fence};

// ANCHOR: drop
impl Drop for Handle {
    fn drop(&mut self) {
        // SAFETY: this handle keeps the block alive until the decrement.
        let inner: &Inner = unsafe { &*self.ptr };
        if inner.count.fetch_sub(1, Ordering::Release) == 1 {
            fence(Ordering::Acquire);
            // SAFETY: the last handle.
            unsafe { free(self.ptr) };
        }
        // The read moved past the decrement: the block may be gone.
        println!("dropped a handle to {}", inner.label);
    }
}
// ANCHOR_END: drop

fn main() {
    two_threads_drop();
}

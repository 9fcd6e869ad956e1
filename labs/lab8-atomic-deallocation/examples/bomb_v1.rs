//! Version 1, in-line `&Inner`: `drop` holds a reference to the whole block,
//! unused after the decrement, while it frees the block.

#[path = "bomb/common.rs"]
mod common;
use common::{Handle, Inner, free, two_threads_drop};
use std::sync::atomic::{Ordering, fence};

// ANCHOR: drop
impl Drop for Handle {
    fn drop(&mut self) {
        // SAFETY: this handle keeps the block alive until the decrement.
        let inner: &Inner = unsafe { &*self.ptr };
        let label = inner.label;
        if inner.count.fetch_sub(1, Ordering::Release) == 1 {
            fence(Ordering::Acquire);
            // SAFETY: the last handle; `inner` is not used again.
            unsafe { free(self.ptr) };
        }
        println!("dropped a handle to {label}");
    }
}
// ANCHOR_END: drop

fn main() {
    two_threads_drop();
}

//! Version 5, an out-of-band count: the count lives in a table outside the
//! block it counts, so the last handle frees a block that no reference
//! points into. Two threads drop the last two handles, as in versions 1 to 4.

use std::sync::atomic::{AtomicUsize, Ordering, fence};

/// The counts, one slot per block, in a static that is never freed. (A real
/// allocator of count slots would recycle them; that is where the question
/// of freeing under a reference would come back.)
static COUNTS: [AtomicUsize; 4] = [const { AtomicUsize::new(0) }; 4];
/// The next free slot of [`COUNTS`].
static NEXT_SLOT: AtomicUsize = AtomicUsize::new(0);

/// The block: only the label, no count.
struct Payload {
    label: char,
}

/// One counted handle: where its count is, and the block.
struct Handle {
    count: &'static AtomicUsize,
    ptr: *mut Payload,
}

// SAFETY: the block is freed by whichever thread drops the last handle; the
// count is atomic and the label is only read.
unsafe impl Send for Handle {}

impl Handle {
    fn new(label: char) -> Self {
        let count = &COUNTS[NEXT_SLOT.fetch_add(1, Ordering::Relaxed)];
        count.store(1, Ordering::Relaxed);
        Handle { count, ptr: Box::into_raw(Box::new(Payload { label })) }
    }

    fn share(&self) -> Self {
        self.count.fetch_add(1, Ordering::Relaxed);
        Handle { count: self.count, ptr: self.ptr }
    }
}

// ANCHOR: drop
/// # Safety
/// `count` counts the live block `ptr`, and the caller gives up a handle.
unsafe fn release(count: &AtomicUsize, ptr: *mut Payload) {
    if count.fetch_sub(1, Ordering::Release) == 1 {
        fence(Ordering::Acquire);
        // SAFETY: the last handle; `count` points into the table, not into
        // the block, so no reference into the block is live.
        drop(unsafe { Box::from_raw(ptr) });
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        // SAFETY: this handle keeps the block alive until the decrement.
        let label = unsafe { (*self.ptr).label };
        // SAFETY: the count of this block; this handle is given up.
        unsafe { release(self.count, self.ptr) };
        println!("dropped a handle to {label}");
    }
}
// ANCHOR_END: drop

fn main() {
    let a = Handle::new('a');
    let b = a.share();
    let other = std::thread::spawn(move || drop(b));
    drop(a);
    other.join().unwrap();
}

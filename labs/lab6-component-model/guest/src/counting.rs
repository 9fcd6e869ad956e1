//! The guest's counters: a global allocator that counts allocations and live
//! bytes, and what the transform and `offer` report after each write.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};

use crate::Stats;

/// Counts every allocation the guest makes.
pub struct Counting {
    allocations: AtomicU64,
    live: AtomicU64,
}

impl Counting {
    /// Allocations so far (since the last reset).
    pub fn count(&self) -> u64 {
        self.allocations.load(Relaxed)
    }

    /// Zeroes the allocation count (live bytes keep counting).
    pub fn reset(&self) {
        self.allocations.store(0, Relaxed);
    }
}

#[global_allocator]
pub static ALLOCATIONS: Counting = Counting { allocations: AtomicU64::new(0), live: AtomicU64::new(0) };

// SAFETY: every call forwards to `System` with the caller's arguments; the
// counters are plain atomics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        self.allocations.fetch_add(1, Relaxed);
        self.live.fetch_add(layout.size() as u64, Relaxed);
        // SAFETY: the caller's contract for `alloc` is `System.alloc`'s.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        self.allocations.fetch_add(1, Relaxed);
        self.live.fetch_add(layout.size() as u64, Relaxed);
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        self.live.fetch_sub(layout.size() as u64, Relaxed);
        // SAFETY: `ptr` came from `System` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        self.allocations.fetch_add(1, Relaxed);
        self.live.fetch_add(new_size as u64, Relaxed);
        self.live.fetch_sub(layout.size() as u64, Relaxed);
        // SAFETY: `ptr` came from `System` with `layout`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

static CHUNKS: AtomicU64 = AtomicU64::new(0);
static TAKEN: AtomicU64 = AtomicU64::new(0);
static RECOVERED: AtomicU64 = AtomicU64::new(0);
static INTACT: AtomicBool = AtomicBool::new(false);
static RETURNED_LEN: AtomicU64 = AtomicU64::new(0);
static REPLACED: AtomicU64 = AtomicU64::new(0);

/// The allocation a buffer was lent in: its address and capacity.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Lent {
    address: usize,
    capacity: usize,
}

impl Lent {
    /// The allocation `buf` lives in, taken before it is handed to the student's code.
    pub fn of(buf: &Vec<u8>) -> Lent {
        Lent { address: buf.as_ptr() as usize, capacity: buf.capacity() }
    }

    /// Records what came back in its place: its length, and whether it is another allocation.
    fn returned(self, back: &Vec<u8>) {
        RETURNED_LEN.store(back.len() as u64, Relaxed);
        RECOVERED.store(back.capacity() as u64, Relaxed);
        if Lent::of(back) != self {
            REPLACED.fetch_add(1, Relaxed);
        }
    }
}

/// What the transform and `offer` report.
pub struct Counters;

impl Counters {
    /// After `write_chunk`: `taken` bytes went out; `back` is the buffer it
    /// returned for the one `lent` to it.
    pub fn wrote_chunk(taken: usize, lent: Lent, back: &Vec<u8>) {
        CHUNKS.fetch_add(1, Relaxed);
        TAKEN.fetch_add(taken as u64, Relaxed);
        lent.returned(back);
    }

    /// After `offer`: the reader took `taken` of `len` bytes; `back` is the
    /// buffer it returned for the one `lent` to it.
    pub fn offered(len: u32, taken: usize, lent: Lent, back: &Vec<u8>) {
        let intact = back.len() + taken == len as usize
            && back.iter().enumerate().all(|(i, &b)| b == ((i + taken) % 251) as u8);
        TAKEN.fetch_add(taken as u64, Relaxed);
        INTACT.store(intact, Relaxed);
        lent.returned(back);
    }

    /// The counters, with the allocator's.
    pub fn read() -> Stats {
        Stats {
            allocations: ALLOCATIONS.allocations.load(Relaxed),
            live_bytes: ALLOCATIONS.live.load(Relaxed),
            chunks: CHUNKS.load(Relaxed),
            bytes_taken: TAKEN.load(Relaxed),
            recovered_capacity: RECOVERED.load(Relaxed),
            recovered_intact: INTACT.load(Relaxed),
            returned_len: RETURNED_LEN.load(Relaxed),
            replaced_buffers: REPLACED.load(Relaxed),
        }
    }

    /// Zeroes the counters.
    pub fn reset() {
        for counter in [&CHUNKS, &TAKEN, &RECOVERED, &RETURNED_LEN, &REPLACED] {
            counter.store(0, Relaxed);
        }
        INTACT.store(false, Relaxed);
    }
}

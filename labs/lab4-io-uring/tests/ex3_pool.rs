//! Exercise 3: with a pool, a steady stream of reads allocates nothing (a
//! counting allocator proves it), and a dropped read's pool buffer goes
//! back to the pool once its completion arrives.

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::fs::File;
use std::future::Future;
use std::io::Write;
use std::task::{Context, Waker};

use lab4::{IoBuf, Pool, block_on, driver, join_all, read_at};
use support::{file_with, pipe};

/// The system allocator, counting this thread's allocations.
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is passed to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        // SAFETY: the caller's layout, passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System.alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// How many allocations `f` makes on this thread.
fn allocations_in(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

/// Reads `file` 100 times into buffers from `get`, checking each read.
fn hundred_reads<B: lab4::IoBufMut + std::ops::Deref<Target = [u8]>>(file: &File, get: impl Fn() -> B) {
    for _ in 0..100 {
        let (read, buf) = block_on(read_at(file, get(), 0));
        assert_eq!(read.unwrap(), 4096);
        assert_eq!(buf[4095], 7);
    }
}

#[test]
fn the_steady_state_allocates_nothing() {
    let file = File::open(file_with("pool", &[7; 4096])).unwrap();
    let pool = Pool::new(4096);
    hundred_reads(&file, || pool.get()); // warm up: the driver, the pool's first buffer
    let allocations = allocations_in(|| hundred_reads(&file, || pool.get()));
    assert_eq!(allocations, 0, "100 reads through the pool must not allocate");
    assert_eq!(pool.allocated(), 1, "one buffer, reused every time");
    assert_eq!(pool.idle(), 1, "and back in the pool at the end");
}

#[test]
fn fresh_buffers_allocate_every_time() {
    let file = File::open(file_with("fresh", &[7; 4096])).unwrap();
    hundred_reads(&file, || Vec::with_capacity(4096));
    let allocations = allocations_in(|| hundred_reads(&file, || Vec::with_capacity(4096)));
    assert!(allocations >= 100, "the counter sees one allocation per fresh buffer ({allocations})");
}

#[test]
fn a_pool_buffer_comes_back_empty() {
    let file = File::open(file_with("empty", b"0123456789")).unwrap();
    let pool = Pool::new(64);
    let (read, buf) = block_on(read_at(&file, pool.get(), 0));
    assert_eq!((read.unwrap(), &*buf), (10, &b"0123456789"[..]));
    let first = buf.as_ptr();
    drop(buf);
    let again = pool.get();
    assert_eq!((again.as_ptr(), again.len()), (first, 0), "the same buffer, emptied");
    assert_eq!(pool.allocated(), 1, "the second get reuses the first buffer");
}

#[test]
fn a_dropped_reads_pool_buffer_returns_after_its_completion() {
    let (reader, writer) = pipe();
    let pool = Pool::new(64);
    let mut read = Box::pin(read_at(&reader, pool.get(), 0));
    assert!(read.as_mut().poll(&mut Context::from_waker(Waker::noop())).is_pending());
    drop(read);
    assert_eq!(pool.idle(), 0, "the kernel may still write into it: it is not back yet");
    (&writer).write_all(b"late").unwrap();
    while driver::in_flight() > 0 {
        driver::wait();
    }
    assert_eq!(pool.idle(), 1, "the completion arrived: the buffer is back in the pool");
    assert_eq!(pool.allocated(), 1);
}

#[test]
fn buffers_out_at_once_are_each_allocated_once_and_all_come_back() {
    const N: usize = 8;
    let pool = Pool::new(64);
    assert_eq!((pool.allocated(), pool.idle()), (0, 0), "a new pool has allocated nothing and holds nothing");
    let pipes: Vec<(File, File)> = (0..N).map(|_| pipe()).collect();
    let mut first_round: Vec<*const u8> = Vec::new();
    for round in 0..2 {
        let bufs: Vec<_> = (0..N).map(|_| pool.get()).collect();
        assert_eq!(
            (pool.allocated(), pool.idle()),
            (N, 0),
            "round {round}: {N} buffers are out at once, so the pool has allocated {N}, and none is idle"
        );
        assert!(
            bufs.iter().all(|b| b.is_empty() && b.bytes_total() >= 64),
            "get hands out empty 64-byte buffers"
        );
        let mut ptrs: Vec<*const u8> = bufs.iter().map(|b| b.as_ptr()).collect();
        ptrs.sort();
        ptrs.dedup();
        assert_eq!(ptrs.len(), N, "round {round}: {N} buffers out at once are {N} different allocations");
        let reads =
            pipes.iter().zip(bufs).map(|((reader, _), buf)| Box::pin(read_at(reader, buf, 0))).collect();
        for (i, (_, writer)) in pipes.iter().enumerate() {
            (&*writer).write_all(format!("read {i}").as_bytes()).unwrap();
        }
        for (i, (read, buf)) in block_on(join_all(reads)).into_iter().enumerate() {
            assert_eq!((read.unwrap(), &*buf), (6, format!("read {i}").as_bytes()));
        }
        assert_eq!(
            (pool.allocated(), pool.idle()),
            (N, N),
            "round {round}: all {N} buffers were dropped, so all {N} are back in the pool"
        );
        if round == 0 {
            first_round = ptrs;
        } else {
            assert_eq!(ptrs, first_round, "the second round reuses the first round's {N} buffers");
        }
    }
}

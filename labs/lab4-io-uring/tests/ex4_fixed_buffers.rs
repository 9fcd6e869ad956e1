//! Exercise 4 (stretch): fixed reads and writes through buffers registered
//! with the ring, on the real kernel: the bytes land at the offsets asked,
//! every byte read is in the buffer handed back, errors come back with the
//! buffer, a buffer a dropped (or unwound, or forgotten) read may still
//! write into is never handed out again nor freed before the completion,
//! the registration outlives the pool while a buffer is out and ends with
//! the last one, the steady state allocates nothing, and a refused
//! registration fails with one line.

// On the stubs the pool and its buffers have no `Drop` yet: the tests drop
// them (and forget them) all the same, at the moments the contract names.
#![allow(clippy::drop_non_drop, clippy::forget_non_drop)]

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::fs::{File, OpenOptions};
use std::future::Future;
use std::hint::black_box;
use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::process::Command;
use std::task::{Context, Waker};
use std::time::Duration;

use lab4::{BufResult, FixedBuf, FixedPool, block_on, driver, join_all, read_fixed_at, write_fixed_at};
use support::{IO_URING_REGISTER, file_with, fixed_pool, pipe, refuse_syscall};

/// The system allocator, counting this thread's allocations and watching
/// whether one address is freed.
struct Watching;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    static WATCHED: Cell<usize> = const { Cell::new(0) };
    static FREED: Cell<bool> = const { Cell::new(false) };
}

// SAFETY: every call is passed to the system allocator unchanged.
unsafe impl GlobalAlloc for Watching {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        // SAFETY: the caller's layout, passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let block = ptr as usize..ptr as usize + layout.size();
        if WATCHED.try_with(|w| block.contains(&w.get())) == Ok(true) {
            let _ = FREED.try_with(|f| f.set(true));
        }
        // SAFETY: `ptr` came from `System.alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static WATCHING: Watching = Watching;

/// From now on, [`freed`] says whether the block holding `at` was freed.
fn watch(at: *const u8) {
    WATCHED.set(at as usize);
    FREED.set(false);
}

/// Whether the watched address's block was freed since [`watch`].
fn freed() -> bool {
    FREED.get()
}

/// Polls a fixed read of `reader` into `buf` once, so it is submitted, and
/// returns the pending future.
fn pending_read(
    reader: &File,
    buf: FixedBuf,
) -> Pin<Box<impl Future<Output = BufResult<usize, FixedBuf>> + '_>> {
    let mut read = Box::pin(read_fixed_at(reader, buf, 0));
    assert!(
        read.as_mut().poll(&mut Context::from_waker(Waker::noop())).is_pending(),
        "nothing was written to the pipe yet: the fixed read must wait for it"
    );
    read
}

/// Waits until every submitted operation has completed.
fn drain() {
    while driver::in_flight() > 0 {
        driver::wait();
    }
}

/// The first 17 bytes of `canary`, read so the compiler cannot assume them.
fn first_17(canary: &[u8]) -> [u8; 17] {
    // SAFETY: reading 17 initialised bytes of our own Vec; volatile so the
    // compiler cannot assume it still holds what we stored.
    unsafe { std::ptr::read_volatile(canary.as_ptr().cast()) }
}

#[test]
fn a_fixed_write_and_read_land_at_their_offsets() {
    let path = file_with("fixed-offsets", b"0123456789abcdef");
    let file = OpenOptions::new().read(true).write(true).open(&path).unwrap();
    let pool = fixed_pool(2, 64);
    let mut buf = pool.get().expect("a new pool of 2 buffers hands one out");
    assert_eq!((buf.len(), buf.capacity()), (0, 64), "get hands out an empty buffer of the pool's size");
    buf.extend_from_slice(b"WXYZ");
    let at = buf.as_ptr();
    let (written, buf) = block_on(write_fixed_at(&file, buf, 6));
    assert_eq!(
        written.expect("a fixed write to a file opened for writing"),
        4,
        "write_fixed_at returns the kernel's count"
    );
    assert_eq!(
        String::from_utf8_lossy(&std::fs::read(&path).unwrap()),
        "012345WXYZabcdef",
        "write_fixed_at(file, buf, 6) must overwrite bytes 6..10 with buf's 4 initialised bytes, and nothing else"
    );
    assert_eq!(
        (buf.as_ptr(), &buf[..]),
        (at, &b"WXYZ"[..]),
        "write_fixed_at gives the same buffer back, unchanged"
    );
    drop(buf);

    let buf = pool.get().expect("the buffer went back to the pool");
    let at = buf.as_ptr();
    let (read, buf) = block_on(read_fixed_at(&file, buf, 4));
    assert_eq!(
        read.expect("a fixed read of a file opened for reading"),
        12,
        "the file has 12 bytes from offset 4"
    );
    assert_eq!(
        String::from_utf8_lossy(&buf),
        "45WXYZabcdef",
        "every byte read must be in the buffer handed back, from its start, and counted as initialised"
    );
    assert_eq!(buf.as_ptr(), at, "read_fixed_at gives back the buffer it was given");
    let (read, buf) = block_on(read_fixed_at(&file, buf, 16));
    assert_eq!(
        read.expect("a read at the end of the file"),
        0,
        "a read at the end of the file reads 0 bytes"
    );
    assert_eq!(&buf[..], b"45WXYZabcdef", "a read of 0 bytes keeps the bytes already initialised");
}

#[test]
fn a_fixed_read_overwrites_from_the_start_and_never_shortens() {
    let file = File::open(file_with("fixed-overwrite", b"abc")).unwrap();
    let pool = fixed_pool(1, 64);
    let mut buf = pool.get().expect("a new pool of 1 buffer hands it out");
    buf.extend_from_slice(b"........");
    let (read, buf) = block_on(read_fixed_at(&file, buf, 0));
    assert_eq!(read.unwrap(), 3, "the file holds 3 bytes");
    assert_eq!(
        String::from_utf8_lossy(&buf),
        "abc.....",
        "a 3-byte read into a buffer of 8 initialised bytes overwrites the first 3 and keeps all 8"
    );
}

#[test]
fn errors_come_back_with_the_buffer() {
    let path = file_with("fixed-write-only", b"secret");
    let write_only = OpenOptions::new().write(true).open(&path).unwrap();
    let pool = fixed_pool(1, 64);
    let mut buf = pool.get().unwrap();
    buf.extend_from_slice(b"kept");
    let at = buf.as_ptr();
    let (read, buf) = block_on(read_fixed_at(&write_only, buf, 0));
    let err = read.expect_err("a fixed read of a write-only file must fail");
    assert_eq!(
        err.raw_os_error(),
        Some(libc::EBADF),
        "the kernel's result is -EBADF: read_fixed_at must turn -errno into the error errno ({err})"
    );
    assert_eq!(
        (buf.as_ptr(), &buf[..]),
        (at, &b"kept"[..]),
        "a failed read gives the same buffer back, as it was"
    );

    let read_only = File::open(&path).unwrap();
    let (written, buf) = block_on(write_fixed_at(&read_only, buf, 0));
    let err = written.expect_err("a fixed write to a file opened read-only must fail");
    assert_eq!(
        err.raw_os_error(),
        Some(libc::EBADF),
        "write_fixed_at must turn -errno into the error errno ({err})"
    );
    assert_eq!(
        (buf.as_ptr(), &buf[..]),
        (at, &b"kept"[..]),
        "a failed write gives the same buffer back, unchanged"
    );
    assert_eq!(std::fs::read(&path).unwrap(), b"secret");
}

#[test]
fn an_empty_fixed_write_writes_nothing_and_succeeds() {
    let path = file_with("fixed-write-empty", b"keep");
    let file = OpenOptions::new().write(true).open(&path).unwrap();
    let pool = fixed_pool(1, 64);
    let (written, buf) = block_on(write_fixed_at(&file, pool.get().unwrap(), 2));
    assert_eq!(
        written.expect("a fixed write of 0 bytes is not an error: the kernel returns 0"),
        0,
        "an empty buffer writes 0 bytes"
    );
    assert!(buf.is_empty(), "the buffer comes back unchanged");
    assert_eq!(std::fs::read(&path).unwrap(), b"keep", "an empty write leaves the file alone");
}

#[test]
fn a_fixed_buffer_never_grows() {
    let pool = fixed_pool(1, 64);
    let mut buf = pool.get().unwrap();
    buf.extend_from_slice(&[b'x'; 60]);
    let at = buf.as_ptr();
    let grew = catch_unwind(AssertUnwindSafe(|| buf.extend_from_slice(b"8 more!!")));
    assert!(
        grew.is_err(),
        "extend_from_slice of 8 bytes onto 60 in a 64-byte fixed buffer must panic: growing would move the \
         bytes out of the registered memory"
    );
    assert_eq!(
        (buf.as_ptr(), buf.len(), buf.capacity()),
        (at, 60, 64),
        "a refused extend_from_slice changes nothing: same memory, same 60 bytes"
    );
    buf.extend_from_slice(b"four");
    assert_eq!(&buf[56..], b"xxxxfour", "bytes that fit are appended after the initialised ones");
}

#[test]
fn reads_in_flight_at_once_each_land_in_their_own_buffer() {
    const N: usize = 4;
    let pool = fixed_pool(N, 64);
    let pipes: Vec<(File, File)> = (0..N).map(|_| pipe()).collect();
    let bufs: Vec<FixedBuf> =
        (0..N).map(|i| pool.get().unwrap_or_else(|| panic!("buffer {i} of {N}"))).collect();
    let fifth = pool.get().is_some();
    let at: Vec<*const u8> = bufs.iter().map(|b| b.as_ptr()).collect();
    let mut distinct = at.clone();
    distinct.sort();
    distinct.dedup();
    let mut reads: Vec<_> =
        pipes.iter().zip(bufs).map(|((reader, _), buf)| Box::pin(read_fixed_at(reader, buf, 0))).collect();
    let mut cx = Context::from_waker(Waker::noop());
    let pending = reads.iter_mut().all(|read| read.as_mut().poll(&mut cx).is_pending());
    let submitted = driver::in_flight();
    // The last pipe first: the reads complete in the reverse of their order.
    for (i, (_, writer)) in pipes.iter().enumerate().rev() {
        (&*writer).write_all(format!("fixed {i}").as_bytes()).unwrap();
        while driver::in_flight() > i {
            driver::wait();
        }
    }
    let done = block_on(join_all(reads));
    assert!(!fifth, "all {N} buffers of a pool of {N} are out: get must say None (the set is fixed)");
    assert_eq!(distinct.len(), N, "{N} buffers out at once are {N} different buffers");
    assert!(pending && submitted == N, "{N} reads on empty pipes are all in flight at once");
    for (i, (read, buf)) in done.into_iter().enumerate() {
        let read = read.unwrap_or_else(|e| {
            panic!(
                "fixed read {i} failed ({e}): the kernel refuses (EFAULT) an address that is not inside the \
                 registered buffer the entry names by its index"
            )
        });
        assert_eq!(read, 7, "read {i} reads the 7 bytes written to its pipe");
        assert_eq!(
            (&buf[..], buf.as_ptr()),
            (format!("fixed {i}").as_bytes(), at[i]),
            "read {i} must hand back its own buffer with its own pipe's bytes"
        );
    }
    assert_eq!(pool.idle(), N, "every buffer was dropped: all {N} are back");
    let again: Vec<FixedBuf> = (0..N).filter_map(|_| pool.get()).collect();
    assert!(
        again.iter().all(|b| b.is_empty()),
        "a buffer comes out of the pool empty: the last read's bytes must not be in view"
    );
    let mut reused: Vec<*const u8> = again.iter().map(|b| b.as_ptr()).collect();
    reused.sort();
    assert_eq!(reused, distinct, "the next {N} buffers are the same {N} registered ones, reused");
}

#[test]
fn a_dropped_reads_buffer_is_handed_out_again_only_after_its_completion() {
    let (reader, writer) = pipe();
    let pool = fixed_pool(2, 64);
    let held = pool.get().unwrap();
    let held_at = held.as_ptr();
    drop(pending_read(&reader, held));
    let (parked, idle) = (driver::orphaned(), pool.idle());
    let out: Vec<FixedBuf> = (0..2).filter_map(|_| pool.get()).collect();
    let handed_out: Vec<*const u8> = out.iter().map(|b| b.as_ptr()).collect();
    drop(out);
    // Complete the read before checking anything, so that a failed check
    // leaves no read in flight.
    (&writer).write_all(b"KERNEL-WROTE-HERE").unwrap();
    drain();
    assert_eq!(parked, 1, "the dropped read's buffer goes to the driver with the Op (exercise 2's orphans)");
    assert_eq!(
        idle, 1,
        "the kernel may write into the dropped read's buffer until its completion: it is not back yet"
    );
    assert!(
        !handed_out.contains(&held_at),
        "get handed out the buffer a dropped read may still write into (the kernel's bytes would land in the \
         next user's data)"
    );
    assert_eq!(handed_out.len(), 1, "one buffer was free while the other was the kernel's");
    assert_eq!(pool.idle(), 2, "the completion arrived: the dropped read's buffer is back in the pool");
    let again: Vec<FixedBuf> = (0..2).filter_map(|_| pool.get()).collect();
    let back =
        again.iter().find(|b| b.as_ptr() == held_at).expect("the dropped read's buffer is handed out again");
    assert!(back.is_empty(), "a buffer comes out of the pool empty: the late read's bytes are not in view");
}

#[test]
fn a_read_unwound_by_a_panic_parks_its_buffer_too() {
    let (reader, writer) = pipe();
    let pool = fixed_pool(1, 64);
    let unwound = catch_unwind(AssertUnwindSafe(|| {
        let _read = pending_read(&reader, pool.get().unwrap());
        // The caller's code panics while the read is in flight (quietly:
        // resume_unwind prints nothing).
        std::panic::resume_unwind(Box::new("unwinding"));
    }));
    let idle = pool.idle();
    let while_parked = pool.get().is_some();
    (&writer).write_all(b"late").unwrap();
    drain();
    assert!(unwound.is_err());
    assert!(
        idle == 0 && !while_parked,
        "a panic dropped the read's future while the read was in flight: its buffer is the kernel's until the \
         completion, and get must not hand it out"
    );
    assert_eq!(pool.idle(), 1, "after the completion the buffer is back");
}

#[test]
fn a_buffer_out_when_its_pool_is_dropped_still_reads_and_writes() {
    let src = File::open(file_with("fixed-after-pool", b"still registered")).unwrap();
    let dst_path = file_with("fixed-after-pool-out", b"");
    let dst = OpenOptions::new().write(true).open(&dst_path).unwrap();
    let pool = fixed_pool(2, 64);
    let buf = pool.get().unwrap();
    drop(pool);
    let (read, buf) = block_on(read_fixed_at(&src, buf, 0));
    let read = read.unwrap_or_else(|e| {
        panic!("a buffer still out after its pool was dropped must still read, so it must still be registered: {e}")
    });
    assert_eq!((read, &buf[..]), (16, &b"still registered"[..]));
    let (written, buf) = block_on(write_fixed_at(&dst, buf, 0));
    written.unwrap_or_else(|e| panic!("a buffer still out after its pool was dropped must still write: {e}"));
    assert_eq!(std::fs::read(&dst_path).unwrap(), b"still registered");
    drop(buf);
    if let Err(e) = FixedPool::new(2, 64) {
        panic!(
            "the pool and its last buffer are gone, so the registration must be over and a new pool on this \
             thread must register; FixedPool::new failed: {e}"
        );
    }
}

#[test]
fn one_registration_per_ring_while_a_pool_lives() {
    let first = fixed_pool(2, 64);
    match FixedPool::new(2, 64) {
        Ok(_) => panic!(
            "a second pool registered while the first is alive: this thread's ring has one table of fixed \
             buffers, so the kernel says EBUSY, and FixedPool::new must return that error"
        ),
        Err(e) => assert_eq!(
            e.raw_os_error(),
            Some(libc::EBUSY),
            "FixedPool::new returns the kernel's error unchanged ({e})"
        ),
    }
    assert!(first.get().is_some(), "the refused second pool leaves the first one working");
    drop(first);
    if let Err(e) = FixedPool::new(2, 64) {
        panic!(
            "dropping the pool with every buffer back must end the registration, so a new pool registers: {e}"
        );
    }
}

#[test]
fn a_pool_dropped_with_a_read_in_flight_frees_nothing_before_the_completion() {
    // In a child process: a wrong answer may crash, or wait in the kernel
    // for a read that nobody feeds.
    let out = timed_run::in_child(
        "LAB4_EX4_CHILD",
        "a_pool_dropped_with_a_read_in_flight_frees_nothing_before_the_completion",
        Duration::from_secs(20),
        || {
            let (reader, writer) = pipe();
            let pool = fixed_pool(2, 4096);
            let held = pool.get().unwrap();
            watch(held.as_ptr());
            drop(pending_read(&reader, held));
            drop(pool);
            let freed_early = freed();
            // A same-size allocation: where the kernel's bytes would land if
            // the buffer's memory had been freed.
            let canary = black_box(vec![0xCCu8; 4096]);
            (&writer).write_all(b"KERNEL-WROTE-HERE").unwrap();
            drain();
            assert!(
                !freed_early,
                "the pool and a dropped read's future were dropped while the read was in flight, and the \
                 buffer's memory was freed before the read's completion: the kernel may still write there"
            );
            assert_eq!(first_17(&canary), [0xCC; 17], "the kernel wrote into an allocation it did not own");
            if let Err(e) = FixedPool::new(2, 4096) {
                panic!(
                    "the read completed and the pool and its buffers are gone: the registration must be over, \
                     so a new pool registers; FixedPool::new failed: {e}"
                );
            }
        },
    );
    if let Some(out) = out {
        timed_run::fail_if_stub(&out, "this test runs your pool in a child process");
        if !out.status.success() {
            timed_run::fail(format!(
                "the child process failed ({}):\n{}{}",
                out.status, out.stdout, out.stderr
            ));
        }
    }
}

#[test]
fn a_forgotten_read_leaks_its_buffer() {
    let (reader, writer) = pipe();
    let pool = fixed_pool(2, 64);
    let held = pool.get().unwrap();
    let held_at = held.as_ptr();
    watch(held_at);
    std::mem::forget(pending_read(&reader, held));
    (&writer).write_all(b"to nobody").unwrap();
    drain();
    let out: Vec<FixedBuf> = (0..2).filter_map(|_| pool.get()).collect();
    assert_eq!(driver::orphaned(), 0, "a forgotten future never reaches the orphan table");
    assert!(
        out.len() == 1 && out[0].as_ptr() != held_at,
        "a forgotten read's buffer is leaked with its future: get must never hand it out again"
    );
    drop(out);
    drop(pool);
    assert!(
        !freed(),
        "the pool is gone but a forgotten buffer is leaked, not returned: its memory must never be freed \
         (the pool cannot tell it from a buffer still in use)"
    );
}

#[test]
fn a_forgotten_pool_leaves_its_buffers_working() {
    let file = File::open(file_with("fixed-forgotten-pool", b"leaked pool")).unwrap();
    let pool = fixed_pool(2, 64);
    let buf = pool.get().unwrap();
    std::mem::forget(pool);
    let (read, buf) = block_on(read_fixed_at(&file, buf, 0));
    assert_eq!(
        (read.expect("a buffer of a forgotten pool still reads"), &buf[..]),
        (11, &b"leaked pool"[..])
    );
}

#[test]
fn the_steady_state_allocates_nothing() {
    let file = File::open(file_with("fixed-steady", &[7; 4096])).unwrap();
    let pool = fixed_pool(1, 4096);
    let reads = |n: usize| {
        for _ in 0..n {
            let buf = pool.get().expect("the one buffer is back after every read");
            let (read, buf) = block_on(read_fixed_at(&file, buf, 0));
            assert_eq!((read.unwrap(), buf[4095]), (4096, 7));
        }
    };
    reads(10); // warm up: the driver's tables
    let before = ALLOCATIONS.with(Cell::get);
    reads(100);
    let allocations = ALLOCATIONS.with(Cell::get) - before;
    assert_eq!(allocations, 0, "100 fixed reads through a pool of registered buffers must not allocate");
}

/// Runs in a child whose seccomp filter refuses `io_uring_register`.
#[test]
#[ignore = "run by the refused-registration tests, in a child process"]
fn refused_register_child() {
    let _pool = fixed_pool(2, 4096);
    println!("FixedPool::new returned Ok");
}

#[test]
fn a_registration_over_the_memlock_limit_fails_with_one_line() {
    let printed = run_refused_register(libc::ENOMEM);
    assert!(
        printed.contains("io_uring refused to register 8 KiB of fixed buffers: ENOMEM")
            && printed.contains("RLIMIT_MEMLOCK")
            && printed.contains("ulimit -l"),
        "with io_uring_register refused (ENOMEM, as past the locked-memory limit), FixedPool::new must return \
         the kernel's error unchanged (the tests turn it into one line naming RLIMIT_MEMLOCK and `ulimit -l`); \
         the child printed:\n{printed}"
    );
}

#[test]
fn a_registration_under_seccomp_fails_with_one_line() {
    let printed = run_refused_register(libc::EPERM);
    assert!(
        printed.contains("io_uring refused to register fixed buffers: io_uring_register failed with EPERM")
            && printed.contains("--security-opt seccomp=unconfined"),
        "with io_uring_register refused (EPERM, as under Docker's seccomp profile), FixedPool::new must return \
         the kernel's error unchanged (the tests turn it into one line naming seccomp and its fix); the child \
         printed:\n{printed}"
    );
}

/// Runs `refused_register_child` in a child process whose
/// `io_uring_register` fails with `errno`, and returns what it printed.
fn run_refused_register(errno: i32) -> String {
    let mut child = Command::new(std::env::current_exe().unwrap());
    child.args(["--exact", "refused_register_child", "--include-ignored", "--test-threads=1"]);
    refuse_syscall(&mut child, IO_URING_REGISTER, errno);
    let out = timed_run::run(child, Duration::from_secs(20), "the test under a seccomp filter").unwrap();
    timed_run::fail_if_stub(
        &out,
        "this test runs your `FixedPool::new` in a child process whose kernel refuses the registration, and checks the message it fails with",
    );
    format!("{}{}", out.stdout, out.stderr)
}

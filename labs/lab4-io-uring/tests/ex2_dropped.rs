//! Exercise 2: a read future dropped before its completion leaves its
//! buffer with the driver until the kernel is done with it, then frees it;
//! a forgotten one leaks its buffer; neither lets the kernel write into
//! memory someone else now owns.

mod support;

use std::future::Future;
use std::hint::black_box;
use std::io::Write;
use std::task::{Context, Waker};

use lab4::{driver, read_at};
use support::{Tracked, live, pipe};

/// Polls a read of `reader` into a fresh 64-byte `Tracked` buffer once, so it
/// is submitted, and returns the pending future.
fn pending_read(reader: &std::fs::File) -> impl Future + '_ {
    let mut read = Box::pin(read_at(reader, Tracked::filled(64, 0x11), 0));
    let mut cx = Context::from_waker(Waker::noop());
    assert!(read.as_mut().poll(&mut cx).is_pending(), "nothing was written to the pipe yet");
    assert_eq!(driver::in_flight(), 1);
    read
}

/// Waits until every submitted operation has completed.
fn drain() {
    while driver::in_flight() > 0 {
        driver::wait();
    }
}

#[test]
fn a_dropped_read_keeps_its_buffer_until_the_completion() {
    let (reader, writer) = pipe();
    drop(pending_read(&reader));
    assert_eq!(
        live(),
        1,
        "the read's future was dropped while the kernel holds its buffer: the buffer must stay alive"
    );
    assert_eq!(driver::orphaned(), 1, "the driver keeps the dropped read's buffer");

    // A same-size allocation right after: if the buffer had been freed, this
    // is where the kernel's bytes would land.
    let canary = black_box(vec![0xCCu8; 64]);
    (&writer).write_all(b"KERNEL-WROTE-HERE").unwrap();
    drain();
    // SAFETY: reading our own initialised Vec; volatile so the compiler
    // cannot assume it still holds what we stored.
    let seen: [u8; 17] = unsafe { std::ptr::read_volatile(canary.as_ptr().cast()) };
    assert_eq!(seen, [0xCC; 17], "the kernel wrote into an allocation it did not own");
    assert_eq!(live(), 0, "once the completion arrived the buffer must be freed");
    assert_eq!(driver::orphaned(), 0, "the orphan table is empty after the completion");
}

#[test]
fn a_dropped_read_that_already_completed_frees_its_buffer() {
    let (reader, writer) = pipe();
    (&writer).write_all(b"ready").unwrap();
    let mut read = Box::pin(read_at(&reader, Tracked::filled(64, 0x11), 0));
    let mut cx = Context::from_waker(Waker::noop());
    // The data is there, but the completion is reaped only by a wait.
    let _ = read.as_mut().poll(&mut cx);
    drop(read);
    drain();
    assert_eq!(live(), 0, "a completed operation's buffer is freed");
    assert_eq!(driver::orphaned(), 0);
}

#[test]
fn many_dropped_reads_are_all_reclaimed() {
    let pipes: Vec<_> = (0..16).map(|_| pipe()).collect();
    for (reader, _) in &pipes {
        let mut read = Box::pin(read_at(reader, Tracked::filled(64, 0x11), 0));
        let _ = read.as_mut().poll(&mut Context::from_waker(Waker::noop()));
        drop(read);
    }
    assert_eq!(live(), 16, "every dropped read's buffer stays alive until its completion");
    assert_eq!(driver::orphaned(), 16);
    for (_, writer) in &pipes {
        (&*writer).write_all(b"late data").unwrap();
    }
    drain();
    assert_eq!((live(), driver::orphaned()), (0, 0), "every buffer is freed after its completion");
}

#[test]
fn a_forgotten_read_leaks_its_buffer() {
    let (reader, writer) = pipe();
    std::mem::forget(pending_read(&reader));
    (&writer).write_all(b"to nobody").unwrap();
    drain();
    assert_eq!(live(), 1, "a forgotten read never frees its buffer: it leaks, which is sound");
    assert_eq!(driver::orphaned(), 0, "a forgotten future never reaches the orphan table");
}

//! Exercise 2: a read future dropped before its completion leaves its
//! buffer with the driver until the kernel is done with it, then frees it;
//! a forgotten one leaks its buffer; neither lets the kernel write into
//! memory someone else now owns.

mod support;

use std::fs::File;
use std::future::Future;
use std::hint::black_box;
use std::io::Write;
use std::os::fd::AsRawFd;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use io_uring::{opcode, squeue, types};
use lab4::op::Op;
use lab4::orphans::Orphans;
use lab4::{IoBufMut, driver, read_at};
use support::{Tracked, file_with, live, live_fills, pipe};

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

/// Polls a read of `reader` into a fresh 64-byte `Tracked` buffer filled
/// with `fill` once, so it is queued for the kernel, and returns the future.
fn queued_read(
    reader: &File,
    fill: u8,
) -> Pin<Box<impl Future<Output = lab4::BufResult<usize, Tracked>> + '_>> {
    let mut read = Box::pin(read_at(reader, Tracked::filled(64, fill), 0));
    assert!(read.as_mut().poll(&mut Context::from_waker(Waker::noop())).is_pending());
    read
}

#[test]
fn the_orphan_table_keeps_each_buffer_by_key_until_its_completion() {
    let mut table = Orphans::new();
    assert_eq!((table.len(), table.is_empty()), (0, true), "a new table is empty");
    table.park(7, Box::new(Tracked::filled(8, 0x07)));
    table.park(9, Box::new(Tracked::filled(8, 0x09)));
    assert_eq!(table.len(), 2, "len counts the parked buffers");
    assert!(!table.is_empty(), "a table holding buffers is not empty");
    assert!(
        !table.complete(8),
        "complete(8): 8 was never parked, so it is a live operation's completion: false"
    );
    assert_eq!(live_fills(), [0x07, 0x09], "a completion of an unparked key frees nothing");
    assert!(table.complete(9), "complete(9): 9 was parked: true");
    assert_eq!(live_fills(), [0x07], "complete(9) frees operation 9's buffer, and only that one");
    assert!(!table.complete(9), "operation 9's buffer is gone: a second complete(9) is false");
    assert_eq!((table.len(), table.is_empty()), (1, false));
    assert!(table.complete(7));
    assert_eq!(live(), 0, "complete(7) frees the last buffer");
    assert_eq!(
        (table.len(), table.is_empty()),
        (0, true),
        "the table is empty again once every orphan completed"
    );
}

#[test]
fn a_live_read_completing_while_another_is_parked_gets_its_result() {
    // Exercise 2's table first: on a stub it panics here, before any
    // operation is in flight whose drop would reach the stub again.
    assert_eq!(driver::orphaned(), 0);
    let (reader, writer) = pipe();
    let file = File::open(file_with("beside-an-orphan", b"live data")).unwrap();
    let mut cx = Context::from_waker(Waker::noop());
    // Two live operations, queued before the read that will be dropped: a
    // no-op, which the kernel completes the moment it sees it, and a read
    // of a file whose bytes are in the page cache. Their completions come
    // before the dropped read's, so the driver asks the orphan table about
    // them while that read is parked.
    // SAFETY: a no-op points at no memory.
    let mut nop = Box::pin(unsafe { Op::submit(opcode::Nop::new().build(), ()) });
    let mut live_read = queued_read(&file, 0x22);
    drop(queued_read(&reader, 0x11));
    assert_eq!(driver::orphaned(), 1, "the dropped read's buffer is parked");
    assert_eq!(live_fills(), [0x11, 0x22]);
    (&writer).write_all(b"late").unwrap();
    drain();
    assert!(
        matches!(nop.as_mut().poll(&mut cx), Poll::Ready((0, ()))),
        "a live operation completed while another was parked, and its result never reached its future: \
         Orphans::complete must return false for a key that was not parked"
    );
    let Poll::Ready((read, buf)) = live_read.as_mut().poll(&mut cx) else {
        panic!(
            "a live read completed while another read was parked, and its result never reached its future: \
             Orphans::complete must return false for a key that was not parked"
        )
    };
    assert_eq!(read.unwrap(), 9);
    assert_eq!(&buf.bytes()[..9], b"live data", "the live read gets its own bytes");
    assert_eq!(live_fills(), [0x22], "the parked buffer is freed, the live read's buffer is the caller's");
    assert_eq!(driver::orphaned(), 0);
}

#[test]
fn an_orphan_the_kernel_still_holds_stays_parked_when_another_completes() {
    // Exercise 2's table first: on a stub it panics here, before any
    // operation is in flight whose drop would reach the stub again.
    assert_eq!(driver::orphaned(), 0);
    let (gate_reader, gate_writer) = pipe();
    let (held_reader, held_writer) = pipe();
    let (other_reader, _other_writer) = pipe();
    // A read of the gate pipe, linked to the next entry: the kernel starts
    // that entry only when the gate read completes, and a cancellation
    // does not reach it before then.
    let mut gate_buf = Tracked::filled(4, 0x01);
    let entry = opcode::Read::new(types::Fd(gate_reader.as_raw_fd()), gate_buf.stable_mut_ptr(), 4)
        .build()
        .flags(squeue::Flags::IO_LINK);
    // SAFETY: the entry points into `gate_buf`'s 4 bytes only, a Vec's heap
    // block the Op owns (and the driver, if the Op is dropped).
    let mut gate = Box::pin(unsafe { Op::submit(entry, gate_buf) });
    // The held read: queued right after the gate, so linked behind it, and
    // dropped. The kernel keeps its buffer until the gate opens.
    drop(queued_read(&held_reader, 0xA1));
    // Another read, dropped and cancelled: its completion arrives first.
    drop(queued_read(&other_reader, 0xB2));
    assert_eq!(driver::orphaned(), 2);
    while driver::in_flight() > 2 {
        driver::wait();
    }
    if driver::in_flight() == 2 {
        // The kernel still holds the held read (this kernel does not cancel
        // a linked read before it starts).
        assert_eq!(
            live_fills(),
            [0x01, 0xA1],
            "the other read's completion must free the other read's buffer only: the held read's \
             buffer (0xA1) is still the kernel's, so it stays parked (complete(key) frees key's buffer)"
        );
        assert_eq!(driver::orphaned(), 1);
    }
    // A same-size allocation: where the kernel's bytes would land if the
    // held buffer had been freed.
    let canary = black_box(vec![0xCCu8; 64]);
    (&gate_writer).write_all(b"open").unwrap();
    (&held_writer).write_all(b"KERNEL-WROTE-HERE").unwrap();
    let mut cx = Context::from_waker(Waker::noop());
    drain();
    let Poll::Ready((read, gate_buf)) = gate.as_mut().poll(&mut cx) else {
        panic!(
            "the gate read completed while the held read was parked, and its result never reached its \
             future: Orphans::complete must return false for a key that was not parked"
        )
    };
    assert_eq!((read, gate_buf.bytes()), (4, &b"open"[..]));
    drop(gate_buf);
    // SAFETY: reading our own initialised Vec; volatile so the compiler
    // cannot assume it still holds what we stored.
    let seen: [u8; 17] = unsafe { std::ptr::read_volatile(canary.as_ptr().cast()) };
    assert_eq!(seen, [0xCC; 17], "the kernel wrote into an allocation it did not own");
    assert_eq!((live(), driver::orphaned()), (0, 0), "every parked buffer is freed after its own completion");
}

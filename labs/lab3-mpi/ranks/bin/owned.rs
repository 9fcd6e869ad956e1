//! Exercise 2's and 3's rank program: owned-buffer requests in the scenario
//! named by the first argument (`ring`, `poll`, `drop-early`, `drop-send`,
//! `forget`, `reuse`). Each rank prints one report line for the tests.

// The stubs' requests have no `Drop` yet; forgetting them is still the point.
#![allow(clippy::forget_non_drop)]

use std::hint::black_box;
use std::mem;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, sleep};
use std::time::{Duration, Instant};

#[path = "support/finish_within.rs"]
mod finish_within;
use finish_within::finish_within;
use lab3_ranks::immediate::OwnedImmediate;
use lab3_ranks::report::{Report, start};
use mpi::topology::{Process, SimpleCommunicator};
use mpi::traits::*;

/// Bytes in the messages whose buffers the scenarios free and reallocate:
/// small enough for the allocator to hand the same block straight back.
const LEN: usize = 512;
/// Bytes in the dropped send: past Open MPI's eager limit (4 KiB in shared
/// memory; the first 32 KiB go out at once), so MPI reads the rest of the
/// buffer only after the receiver has posted its receive, yet small enough
/// to come from the heap, where the allocator hands the freed block straight
/// back.
const BIG: usize = 64 << 10;
/// How long a rank waits for a message before it reports it missing.
const PATIENCE: Duration = Duration::from_secs(10);

/// The scenarios, by the name the first argument gives.
const SCENARIOS: [&str; 6] = ["ring", "poll", "drop-early", "drop-send", "forget", "reuse"];

fn main() {
    let (universe, scenario) = start("owned", &SCENARIOS, |scenario| scenario != "ring");
    let world = universe.world();
    let report = Report::new(world.rank(), world.size());
    match scenario {
        "ring" => ring(&world, report),
        "poll" => poll(&world, report),
        "drop-early" => drop_early(&world, report),
        "drop-send" => drop_send(&world, report),
        "forget" => forget(&world, report),
        "reuse" => reuse(&world, report),
        _ => unreachable!("start returns one of SCENARIOS"),
    }
}

/// Every rank sends a `Vec` to its right neighbour and receives into a
/// `Box<[u32]>` from its left one; both buffers must come back intact.
fn ring(world: &SimpleCommunicator, report: Report) {
    let (rank, size) = (world.rank(), world.size());
    let value = |r: i32| 7 * r as u32 + 1;
    let outgoing = vec![value(rank); 1000];
    let incoming: Box<[u32]> = vec![0; 1000].into_boxed_slice();
    let (out_addr, in_addr) = (outgoing.as_ptr(), incoming.as_ptr());

    let left = world.process_at_rank((rank + size - 1) % size);
    let right = world.process_at_rank((rank + 1) % size);
    let receive = left.irecv_owned(incoming);
    let send = right.isend_owned(outgoing);
    let (status, incoming) = receive.wait();
    let (_, outgoing) = send.wait();

    let from = (rank + size - 1) % size;
    report
        .with("source", status.source_rank())
        .with("received_ok", incoming.iter().all(|&x| x == value(from)))
        .with("send_buffer_back", outgoing.as_ptr() == out_addr && outgoing.iter().all(|&x| x == value(rank)))
        .with("recv_buffer_back", incoming.as_ptr() == in_addr)
        .print();
}

/// Rank 0 tests a receive before rank 1 has sent (it must be pending), then
/// until it completes; rank 1 tests its send until it completes.
fn poll(world: &SimpleCommunicator, report: Report) {
    if world.rank() == 0 {
        let receive = world.process_at_rank(1).irecv_owned(vec![0u64; 64]);
        // Rank 1 sends only after the barrier below, so a test() that waits
        // for the message would wait forever: report it after a second.
        let returned = Arc::new(AtomicBool::new(false));
        let watchdog = Arc::clone(&returned);
        let size = world.size();
        thread::spawn(move || {
            sleep(Duration::from_secs(1));
            if !watchdog.load(Ordering::SeqCst) {
                Report::new(0, size).with("early", "blocked").print();
                std::process::exit(4);
            }
        });
        let tested = receive.test();
        returned.store(true, Ordering::SeqCst);
        let (early, receive) = match tested {
            Ok(_) => ("complete", None),
            Err(receive) => ("pending", Some(receive)),
        };
        world.barrier();
        let data = receive.and_then(|r| finish_within(r, PATIENCE));
        report.with("early", early).with("data_ok", data.is_some_and(|d| d.iter().all(|&x| x == 42))).print();
    } else if world.rank() == 1 {
        world.barrier();
        let mut send = world.process_at_rank(0).isend_owned(vec![42u64; 64]);
        let deadline = Instant::now() + PATIENCE;
        let sent = loop {
            match send.test() {
                Ok((_, buf)) => break buf.iter().all(|&x| x == 42),
                Err(_) if Instant::now() > deadline => break false,
                Err(pending) => send = pending,
            }
        };
        report.with("send_completed", sent).print();
    }
}

/// Rank 0 drops a receive before its message is sent, then reuses the
/// memory; a message must never land in the reused memory.
fn drop_early(world: &SimpleCommunicator, report: Report) {
    let rank1 = world.process_at_rank(1);
    if world.rank() == 0 {
        world.barrier();
        let buf = vec![0x11u8; LEN];
        let addr = buf.as_ptr();
        let receive = rank1.irecv_owned(buf);
        let started = Instant::now();
        drop(receive);
        let drop_ms = started.elapsed().as_millis();
        let canary = black_box(vec![0xCAu8; LEN]);
        let reused = canary.as_ptr() == addr;
        world.barrier();
        // A cancelled receive leaves message A for us; a receive that waited
        // in Drop swallowed A, and B comes next.
        let first = receive_within(&rank1, PATIENCE);
        let second = if first == Some(0xAA) { receive_within(&rank1, PATIENCE) } else { first };
        let report = report
            .with("drop_ms", drop_ms)
            .with("reused", reused)
            .with("canary_intact", intact(&canary, 0xCA))
            .with("first", byte_name(first))
            .with("last", byte_name(second));
        finish(report, second.is_some());
    } else if world.rank() == 1 {
        world.barrier();
        sleep(Duration::from_millis(300));
        rank0(world).send(&[0xAAu8; LEN][..]);
        world.barrier();
        rank0(world).send(&[0xBBu8; LEN][..]);
        report.print();
    }
}

/// Rank 1 drops a large send before rank 0 has posted its receive, then
/// reuses the memory; rank 0 must still receive the bytes that were sent,
/// not the reused memory's.
fn drop_send(world: &SimpleCommunicator, report: Report) {
    if world.rank() == 0 {
        world.barrier();
        // Long enough for rank 1 to drop its send and fill the canary first.
        sleep(Duration::from_millis(300));
        let data = finish_within(rank1(world).irecv_owned(vec![0u8; BIG]), PATIENCE);
        let report = report.with("data_ok", data.as_deref().is_some_and(|d| intact(d, 0x5A)));
        finish(report, data.is_some());
        world.barrier();
    } else if world.rank() == 1 {
        world.barrier();
        let buf = vec![0x5Au8; BIG];
        let addr = buf.as_ptr();
        let send = rank0(world).isend_owned(buf);
        let started = Instant::now();
        drop(send);
        let drop_ms = started.elapsed().as_millis();
        let canary = black_box(vec![0xCAu8; BIG]);
        let reused = canary.as_ptr() == addr;
        world.barrier();
        report.with("drop_ms", drop_ms).with("reused", reused).print();
    }
}

/// Both ranks forget a request; its buffer must leak with it, so message A
/// lands in the leaked buffer and never in memory the program reuses.
fn forget(world: &SimpleCommunicator, report: Report) {
    let rank1 = world.process_at_rank(1);
    if world.rank() == 0 {
        world.barrier();
        let buf = vec![0x11u8; LEN];
        let addr = buf.as_ptr();
        mem::forget(rank1.irecv_owned(buf));
        let canary = black_box(vec![0xCAu8; LEN]);
        let reused = canary.as_ptr() == addr;
        world.barrier();
        let got = receive_within(&rank1, PATIENCE);
        let report = report
            .with("reused", reused)
            .with("canary_intact", intact(&canary, 0xCA))
            .with("got", byte_name(got));
        finish(report, got.is_some());
    } else if world.rank() == 1 {
        world.barrier();
        mem::forget(rank0(world).isend_owned(vec![0xAAu8; LEN]));
        world.barrier();
        let (_, b) = rank0(world).isend_owned(vec![0xBBu8; LEN]).wait();
        report.with("sent_back_intact", intact(&b, 0xBB)).print();
    }
}

/// Rank 0 sends one buffer three times, touching it between rounds; rank 1
/// echoes each message times ten. The same allocation makes every trip.
fn reuse(world: &SimpleCommunicator, report: Report) {
    if world.rank() == 0 {
        let rank1 = world.process_at_rank(1);
        let mut buf = vec![0u64; 16];
        let addr = buf.as_ptr();
        let mut rounds_ok = true;
        for round in 1..=3u64 {
            buf.fill(round);
            let (_, back) = rank1.isend_owned(buf).wait();
            buf = back;
            buf.fill(0); // ours again: the send is over
            let (_, back) = rank1.irecv_owned(buf).wait();
            buf = back;
            rounds_ok &= buf.iter().all(|&x| x == 10 * round);
        }
        report.with("rounds_ok", rounds_ok).with("same_allocation", buf.as_ptr() == addr).print();
    } else if world.rank() == 1 {
        let rank0 = rank0(world);
        let mut buf = vec![0u64; 16].into_boxed_slice();
        for _ in 0..3 {
            buf = rank0.irecv_owned(buf).wait().1;
            buf.iter_mut().for_each(|x| *x *= 10);
            buf = rank0.isend_owned(buf).wait().1;
        }
        report.print();
    }
}

fn rank0(world: &SimpleCommunicator) -> Process<'_> {
    world.process_at_rank(0)
}

fn rank1(world: &SimpleCommunicator) -> Process<'_> {
    world.process_at_rank(1)
}

/// Receives one `LEN`-byte message and returns its first byte, or `None`
/// if none arrived in time.
fn receive_within(from: &Process<'_>, patience: Duration) -> Option<u8> {
    finish_within(from.irecv_owned(vec![0u8; LEN]), patience).map(|b| b[0])
}

/// Whether every byte of `buf` still is `value`, read with volatile loads
/// so the compiler cannot assume nobody else wrote them.
fn intact(buf: &[u8], value: u8) -> bool {
    // SAFETY: each pointer comes from a live `&u8` into `buf`.
    buf.iter().all(|b| unsafe { std::ptr::read_volatile(b) } == value)
}

fn byte_name(byte: Option<u8>) -> String {
    byte.map_or("none".into(), |b| format!("{b:#04x}"))
}

/// Prints the report; if a message went missing, exits at once instead of
/// finalising MPI with a receive still posted.
fn finish(report: Report, complete: bool) {
    report.with("complete", complete).print();
    if !complete {
        std::process::exit(3);
    }
}

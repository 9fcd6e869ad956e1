//! Exercise 4's program: `scoped::to_memory` and `scoped::to_device` with
//! buffers on the stack, while `during` keeps its handle, drops it, or
//! forgets it at once, after one poll or once the device is done, or
//! returns 10 ms before the device finishes.
//!
//! - `LAB5 to_memory …`: the stack buffer straight after the call returned
//!   (how many bytes are not yet the device's bytes from `offset`, whether
//!   the guard bytes after it are intact), whether the device was still
//!   busy, the emulated times, what `during` saw, and the given code's
//!   record (`trace`) of the call.
//! - `LAB5 to_device …`: the same for a copy into the device; straight
//!   after the call the program overwrites its buffer (the borrow is over),
//!   then waits for the device and reads the whole device buffer back with
//!   the given raw DMA: the bytes at `offset` must be the ones lent.
//!
//! Every case waits for the device before its frame is popped, so that a
//! call that returned early writes only into the frame that lent the
//! buffer, and the next case starts on an idle device. First
//! `LAB5 latency …`: how long the device takes, measured with the raw calls.
#![no_std]
#![no_main]
// `during` forgets and drops its handle on purpose, whether or not the
// handle has a `Drop` of its own: the call must not depend on either.
#![allow(clippy::forget_non_drop, clippy::drop_non_drop)]

use core::ptr::addr_of_mut;

#[path = "support/device_bytes.rs"]
mod device_bytes;
use device_bytes::{byte, copy_whole, fill, fill_device, pattern, set};
use lab5_guest::edu::{self, Direction, Edu};
use lab5_guest::scoped::{self, InFlight};
use lab5_guest::{clock, entry, pci, println, trace};

entry!(main);

/// The part of the device's buffer a transfer may reach.
const REACH: usize = edu::MAX_TRANSFER;
/// The length of every `to_memory` buffer, and the most `to_device` lends.
const LEN: usize = 256;
/// Bytes past the end of a `to_memory` buffer that must stay as they were.
const GUARD: usize = 16;
/// What the guard bytes hold.
const GUARD_BYTE: u8 = 0xc3;
/// What a `to_memory` buffer holds before the transfer.
const STALE_BYTE: u8 = 0x5a;
/// How long before the device finishes a `late` closure returns.
const LATE_BY_US: u64 = 10_000;
/// How long after the device should have finished a polling closure gives up.
const GIVE_UP_AFTER_US: u64 = 50_000;

/// What `during` does with its handle.
#[derive(Clone, Copy)]
enum How {
    /// Polls until the device is done, then lets the handle drop.
    Keep,
    /// Drops the handle at once.
    Drop,
    /// Forgets the handle at once.
    Forget,
    /// Polls once, then forgets the handle.
    ForgetAfterPoll,
    /// Polls until the device is done, then forgets the handle.
    ForgetWhenDone,
    /// Returns 10 ms before the device finishes, dropping the handle.
    Late,
}

impl How {
    fn name(self) -> &'static str {
        match self {
            How::Keep => "keep",
            How::Drop => "drop",
            How::Forget => "forget",
            How::ForgetAfterPoll => "forget_after_poll",
            How::ForgetWhenDone => "forget_when_done",
            How::Late => "late",
        }
    }
}

/// What `during` saw of the transfer.
struct Seen {
    /// Its first `is_done`, if it asked.
    first: Option<bool>,
    /// How many of its `is_done` said "not done".
    busy_polls: u32,
    /// Whether one of them said "done".
    saw_done: bool,
}

impl Seen {
    fn first(&self) -> &'static str {
        match self.first {
            None => "-",
            Some(true) => "done",
            Some(false) => "busy",
        }
    }
}

/// `during` for `how`, for a transfer started at `started` that the device
/// takes `latency` µs for.
fn during(how: How, started: u64, latency: u64) -> impl FnOnce(InFlight<'_>) -> Seen {
    move |in_flight| {
        let mut seen = Seen { first: None, busy_polls: 0, saw_done: false };
        let give_up = started + latency + GIVE_UP_AFTER_US;
        match how {
            How::Keep | How::ForgetWhenDone => {
                while !poll(&mut seen, &in_flight) && clock::now_us() < give_up {
                    core::hint::spin_loop();
                }
                if matches!(how, How::ForgetWhenDone) {
                    core::mem::forget(in_flight);
                }
            }
            How::Drop => drop(in_flight),
            How::Forget => core::mem::forget(in_flight),
            How::ForgetAfterPoll => {
                poll(&mut seen, &in_flight);
                core::mem::forget(in_flight);
            }
            How::Late => {
                clock::wait_until(started, latency.saturating_sub(LATE_BY_US));
                poll(&mut seen, &in_flight);
            }
        }
        seen
    }
}

/// One `is_done`, counted in `seen`.
fn poll(seen: &mut Seen, in_flight: &InFlight<'_>) -> bool {
    let done = in_flight.is_done();
    seen.first.get_or_insert(done);
    if done {
        seen.saw_done = true;
    } else {
        seen.busy_polls += 1;
    }
    done
}

/// The device's buffer, written and read whole by the given raw DMA.
static mut IMAGE: [u8; REACH] = [0; REACH];

/// Whether the device is busy; then waits until it is not.
fn busy_then_settle(edu: &Edu) -> bool {
    let busy = edu.is_busy();
    while edu.is_busy() {
        core::hint::spin_loop();
    }
    busy
}

/// `IMAGE`, for the raw copies and the byte checks.
fn image() -> *mut u8 {
    addr_of_mut!(IMAGE).cast()
}

fn main() {
    let mut edu = pci::find_edu().expect("edu not found: was QEMU started with -device edu?");
    fill(image(), 1);
    let started = clock::now_us();
    copy_whole(&mut edu, image(), Direction::ToDevice);
    let latency = clock::now_us() - started;
    println!("LAB5 latency us={latency}");

    let to_memory = [
        (How::Keep, 1000),
        (How::Drop, 0),
        (How::Forget, 17),
        (How::ForgetAfterPoll, 3000),
        (How::ForgetWhenDone, 500),
        (How::Late, 1234),
    ];
    for (how, offset) in to_memory {
        to_memory_case(&mut edu, how, offset, latency);
    }
    let to_device = [
        (How::Keep, 2000, 200),
        (How::Forget, 0, 7),
        (How::ForgetAfterPoll, 4094, 1),
        (How::Drop, 333, LEN),
        (How::Late, 100, LEN),
    ];
    for (case, (how, offset, len)) in to_device.into_iter().enumerate() {
        to_device_case(&mut edu, how, offset, len, 10 + case as u32, latency);
    }
}

/// One `to_memory` of `LEN` bytes from device offset `offset` into a local
/// array; the device holds pattern 1.
#[inline(never)]
fn to_memory_case(edu: &mut Edu, how: How, offset: usize, latency: u64) {
    let mut local = [0u8; LEN + GUARD];
    let at = local.as_mut_ptr();
    for i in 0..LEN + GUARD {
        set(at, i, if i < LEN { STALE_BYTE } else { GUARD_BYTE });
    }
    trace::clear();
    let started = clock::now_us();
    let seen = scoped::to_memory(edu, &mut local[..LEN], offset, during(how, started, latency));
    let returned = clock::now_us();
    let log = trace::take();
    let at = local.as_mut_ptr();
    let wrong = (0..LEN).filter(|&i| byte(at, i) != pattern(1, offset + i)).count();
    let guard = (LEN..LEN + GUARD).all(|i| byte(at, i) == GUARD_BYTE);
    let busy_after = busy_then_settle(edu);
    println!(
        "LAB5 to_memory how={} offset={offset} len={LEN} wrong={wrong} guard_intact={guard} busy_after={busy_after} started_us={started} returned_us={returned} first_poll={} busy_polls={} saw_done={} log={log}",
        how.name(),
        seen.first(),
        seen.busy_polls,
        seen.saw_done
    );
}

/// One `to_device` of `len` bytes of pattern `seed` from a local array, at
/// device offset `offset`, into a device buffer that holds pattern 1.
#[inline(never)]
fn to_device_case(edu: &mut Edu, how: How, offset: usize, len: usize, seed: u32, latency: u64) {
    fill_device(edu, image(), 1);
    let mut local = [0u8; LEN];
    let at = local.as_mut_ptr();
    for i in 0..len {
        set(at, i, pattern(seed, i));
    }
    trace::clear();
    let started = clock::now_us();
    let seen = scoped::to_device(edu, &local[..len], offset, during(how, started, latency));
    let returned = clock::now_us();
    let log = trace::take();
    let at = local.as_mut_ptr();
    let source_changed = (0..len).filter(|&i| byte(at, i) != pattern(seed, i)).count();
    // The borrow is over: the buffer is the caller's again.
    for i in 0..len {
        set(at, i, !pattern(seed, i));
    }
    let busy_after = busy_then_settle(edu);
    copy_whole(edu, image(), Direction::ToMemory);
    let image = image();
    let misplaced = (0..len).filter(|&i| byte(image, offset + i) != pattern(seed, i)).count();
    let overwritten = (0..len).filter(|&i| byte(image, offset + i) == !pattern(seed, i)).count();
    let outside_changed = (0..REACH)
        .filter(|&j| !(offset..offset + len).contains(&j))
        .filter(|&j| byte(image, j) != pattern(1, j))
        .count();
    println!(
        "LAB5 to_device how={} offset={offset} len={len} misplaced={misplaced} overwritten={overwritten} outside_changed={outside_changed} source_changed={source_changed} busy_after={busy_after} started_us={started} returned_us={returned} first_poll={} busy_polls={} saw_done={} log={log}",
        how.name(),
        seen.first(),
        seen.busy_polls,
        seen.saw_done
    );
}

//! Exercise 3's program: drop running transfers and look at what is left.
//!
//! - `drop`: a device → RAM transfer dropped at once; its buffer is read
//!   straight after: the device's bytes must already be there.
//! - `late_drop`: the same, dropped 10 ms before the device finishes.
//!   Together with `drop` it tells a `Drop` that waits for the device from
//!   one that waits a fixed time: a delay long enough for `drop` (nearly
//!   100 ms) is far too long here, where the test wants `drop` back within
//!   a few milliseconds of the device.
//! - `to_device_drop`: a RAM → device transfer dropped at once; the device
//!   must be idle when `drop` returns (the next `Edu` asks it; then the
//!   program waits for it, so that one wrong drop does not stop the rest).
//!
//! Each line carries the emulated times (`clock`), whether the device was
//! still busy when drop returned, and the given code's record of the drop
//! (`trace`). First `LAB5 latency …`: how long the device takes, measured
//! with the given raw calls.
#![no_std]
#![no_main]

use core::ptr::{addr_of, addr_of_mut, read_volatile, write_volatile};

use lab5_guest::edu::{Direction, Edu};
use lab5_guest::transfer::Transfer;
use lab5_guest::{clock, entry, fence, pci, println, trace};

entry!(main);

/// How long before the device finishes `late_drop` drops its transfer.
const LATE_BY_US: u64 = 10_000;
/// The device's bytes.
const DEVICE_BYTE: u8 = 0xab;
/// What the target holds before each transfer.
const OLD_BYTE: u8 = 0x11;

/// The length of both buffers.
const TARGET_LEN: usize = 256;

static SOURCE: [u8; TARGET_LEN] = [DEVICE_BYTE; TARGET_LEN];
static mut TARGET: [u8; TARGET_LEN] = [OLD_BYTE; TARGET_LEN];

fn main() {
    let latency = latency_us();
    println!("LAB5 latency us={latency}");
    let target = addr_of_mut!(TARGET);

    // Dropped at once.
    let edu = pci::find_edu().expect("edu not found: was QEMU started with -device edu?");
    let started = clock::now_us();
    // SAFETY: the only reference to TARGET; the transfer takes it.
    let transfer = Transfer::to_memory(edu, unsafe { &mut *target }, 0);
    // Once dropped, the transfer, and with it the device's claim on TARGET, is over.
    let (returned, log) = drop_traced(transfer);
    // Before anything waits for the device.
    let landed = count_landed(target);
    let busy_after = busy_then_settle();
    println!(
        "LAB5 drop landed={landed} of={TARGET_LEN} started_us={started} returned_us={returned} busy_after={busy_after} log={log}"
    );

    // Dropped shortly before the device finishes.
    refill(target);
    let edu = pci::find_edu().expect("edu is still there");
    let started = clock::now_us();
    // SAFETY: as above; the transfer before this one is over.
    let transfer = Transfer::to_memory(edu, unsafe { &mut *target }, 0);
    clock::wait_until(started, latency.saturating_sub(LATE_BY_US));
    let running = !transfer.is_done();
    let dropped = clock::now_us();
    let (returned, log) = drop_traced(transfer);
    // Before anything waits for the device.
    let landed = count_landed(target);
    let busy_after = busy_then_settle();
    println!(
        "LAB5 late_drop landed={landed} of={TARGET_LEN} started_us={started} dropped_us={dropped} returned_us={returned} running_at_drop={running} busy_after={busy_after} log={log}"
    );

    // A RAM → device transfer, dropped at once.
    let edu = pci::find_edu().expect("edu is still there");
    let started = clock::now_us();
    let transfer = Transfer::to_device(edu, &SOURCE, 0);
    let (returned, log) = drop_traced(transfer);
    let busy_after = busy_then_settle();
    println!(
        "LAB5 to_device_drop started_us={started} returned_us={returned} busy_after={busy_after} log={log}"
    );
}

/// How long one transfer takes, from its start to the poll that says done,
/// with the given raw calls; it also fills the device with `DEVICE_BYTE`s.
fn latency_us() -> u64 {
    let mut edu: Edu = pci::find_edu().expect("edu not found: was QEMU started with -device edu?");
    fence::before_start();
    let started = clock::now_us();
    // SAFETY: SOURCE is an immutable static, valid for ever; the device only reads it.
    unsafe { edu.start_dma(addr_of!(SOURCE) as usize, 0, TARGET_LEN, Direction::ToDevice) };
    while edu.is_busy() {
        core::hint::spin_loop();
    }
    fence::after_finish();
    clock::now_us() - started
}

/// Drops `transfer` and returns when `drop` returned and the given code's
/// record of the drop (`trace`).
fn drop_traced<T>(transfer: T) -> (u64, trace::Log) {
    trace::clear();
    drop(transfer);
    (clock::now_us(), trace::take())
}

/// Whether the device was still busy when drop returned, asked through a
/// new `Edu` (the dropped transfer took the old one). Then waits until it
/// is idle, so that the next case can start a transfer.
fn busy_then_settle() -> bool {
    let edu = pci::find_edu().expect("edu is still there");
    let busy = edu.is_busy();
    while edu.is_busy() {
        core::hint::spin_loop();
    }
    busy
}

/// How many of TARGET's bytes are the device's.
fn count_landed(target: *mut [u8; TARGET_LEN]) -> usize {
    // SAFETY: no reference to TARGET is alive; volatile, because the
    // device, not the program, wrote it.
    let bytes = unsafe { read_volatile(target) };
    bytes.iter().filter(|&&b| b == DEVICE_BYTE).count()
}

/// Puts the old bytes back in TARGET.
fn refill(target: *mut [u8; TARGET_LEN]) {
    // SAFETY: no reference to TARGET is alive, and the device is done with it.
    unsafe { write_volatile(target, [OLD_BYTE; TARGET_LEN]) };
}

//! Exercise 2's program: copy RAM → device → RAM through `Transfer` for
//! several sizes and device offsets, with `'static` buffers, and report
//! whether each copy came back equal. Prints `LAB5 …` lines.
#![no_std]
#![no_main]

use lab5_guest::edu::{self, Edu};
use lab5_guest::transfer::Transfer;
use lab5_guest::{entry, pci, println};

entry!(main);

/// (size, device offset) pairs: one byte, odd sizes and offsets, the
/// most the device takes in one transfer, and one that ends where that ends.
const CASES: [(usize, usize); 7] =
    [(1, 0), (7, 3), (64, 0), (100, 17), (1000, 1000), (edu::MAX_TRANSFER, 0), (95, 4000)];

static mut SOURCE: [u8; edu::BUFFER_LEN] = [0; edu::BUFFER_LEN];
static mut DESTINATION: [u8; edu::BUFFER_LEN] = [0; edu::BUFFER_LEN];

/// The first `len` bytes of `SOURCE` (`false`) or `DESTINATION` (`true`).
///
/// # Safety
///
/// No other reference to that static is alive while this one is.
unsafe fn buffer(destination: bool, len: usize) -> &'static mut [u8] {
    let array =
        if destination { core::ptr::addr_of_mut!(DESTINATION) } else { core::ptr::addr_of_mut!(SOURCE) };
    // SAFETY: the static has BUFFER_LEN bytes; the caller rules out aliasing.
    unsafe { core::slice::from_raw_parts_mut(array.cast::<u8>(), len) }
}

fn main() {
    let mut edu = pci::find_edu().expect("edu not found: was QEMU started with -device edu?");
    for (case, &(size, offset)) in CASES.iter().enumerate() {
        // SAFETY: each case's references to SOURCE and DESTINATION end with the case.
        let source = unsafe { buffer(false, size) };
        // SAFETY: as above.
        let destination = unsafe { buffer(true, size) };
        for (i, byte) in source.iter_mut().enumerate() {
            *byte = (i as u8).wrapping_mul(31).wrapping_add(case as u8 + 1);
        }
        destination.fill(0);
        let source: &'static [u8] = source;
        let (source, device) = Transfer::to_device(edu, source, offset).wait();
        let (destination, device) = Transfer::to_memory(device, destination, offset).wait();
        edu = device;
        let equal = source == &destination[..];
        println!("LAB5 case size={size} offset={offset} equal={equal}");
    }
    report_is_done(edu);
}

/// Whether `is_done` says "no" while the device works and "yes" after.
fn report_is_done(edu: Edu) {
    // SAFETY: the cases' references have ended.
    let source: &'static [u8] = unsafe { buffer(false, 64) };
    let transfer = Transfer::to_device(edu, source, 0);
    let right_after_start = transfer.is_done();
    let mut spins = 0u64;
    while !transfer.is_done() {
        spins += 1;
    }
    let (_, edu) = transfer.wait();
    println!("LAB5 is_done right_after_start={right_after_start} polls={} after={}", spins, !edu.is_busy());
}

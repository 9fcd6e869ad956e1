//! Exercise 2's program: `to_device` with a buffer that does not fit the
//! device's buffer at its offset must refuse it (panic), not copy part of
//! it. First a transfer that just fits, so that a stub's `todo!()` cannot
//! pass for a refusal. Prints `LAB5 oversize …` lines.
#![no_std]
#![no_main]

use lab5_guest::edu;
use lab5_guest::transfer::Transfer;
use lab5_guest::{entry, pci, println};

entry!(main);

/// Where both transfers start in the device's buffer.
const OFFSET: usize = 3995;
/// What fits from there.
const FITS: usize = edu::MAX_TRANSFER - OFFSET;

static SOURCE: [u8; 128] = [0x77; 128];

fn main() {
    let edu = pci::find_edu().expect("edu not found: was QEMU started with -device edu?");
    let fits: &'static [u8] = &SOURCE[..FITS];
    let (_, edu) = Transfer::to_device(edu, fits, OFFSET).wait();
    println!("LAB5 oversize fitting_len={FITS} fitting=done");
    let too_long: &'static [u8] = &SOURCE[..FITS + 1];
    let _ = Transfer::to_device(edu, too_long, OFFSET).wait();
    println!("LAB5 oversize refused=false len={}", FITS + 1);
}

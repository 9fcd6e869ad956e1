//! Exercise 2's program: `to_memory` with a buffer that does not fit the
//! device's buffer at its offset must refuse it (panic), not fill part of
//! it. First a transfer that just fits, so that a stub's `todo!()` cannot
//! pass for a refusal. Prints `LAB5 oversize …` lines.
#![no_std]
#![no_main]

use core::ptr::addr_of_mut;

use lab5_guest::edu;
use lab5_guest::transfer::Transfer;
use lab5_guest::{entry, pci, println};

entry!(main);

/// Where both transfers start in the device's buffer.
const OFFSET: usize = 3995;
/// What fits from there.
const FITS: usize = edu::MAX_TRANSFER - OFFSET;

static mut FIRST: [u8; FITS] = [0; FITS];
static mut SECOND: [u8; FITS + 1] = [0; FITS + 1];

fn main() {
    let edu = pci::find_edu().expect("edu not found: was QEMU started with -device edu?");
    let fits = addr_of_mut!(FIRST);
    // SAFETY: the only reference to FIRST.
    let fits: &'static mut [u8] = unsafe { &mut *fits };
    let (_, edu) = Transfer::to_memory(edu, fits, OFFSET).wait();
    println!("LAB5 oversize fitting_len={FITS} fitting=done");
    let too_long = addr_of_mut!(SECOND);
    // SAFETY: the only reference to SECOND.
    let too_long: &'static mut [u8] = unsafe { &mut *too_long };
    let _ = Transfer::to_memory(edu, too_long, OFFSET).wait();
    println!("LAB5 oversize refused=false len={}", FITS + 1);
}

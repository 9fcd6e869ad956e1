//! Exercise 3's program: drop a running device → RAM transfer and look at
//! its buffer straight after: the device's bytes must already be there.
//! Prints a `LAB5 …` line.
#![no_std]
#![no_main]

use lab5_guest::transfer::Transfer;
use lab5_guest::{entry, pci, println};

entry!(main);

static mut SOURCE: [u8; 256] = [0xab; 256];
static mut TARGET: [u8; 256] = [0x11; 256];

fn main() {
    let edu = pci::find_edu().expect("edu not found: was QEMU started with -device edu?");
    let source = &raw const SOURCE;
    // SAFETY: main runs once; this is the only reference to SOURCE.
    let source: &'static [u8; 256] = unsafe { &*source };
    let (_, edu) = Transfer::to_device(edu, source, 0).wait();

    let target = core::ptr::addr_of_mut!(TARGET);
    // SAFETY: the only reference to TARGET; the transfer takes it.
    let transfer = Transfer::to_memory(edu, unsafe { &mut *target }, 0);
    drop(transfer);
    // The transfer, and with it the device's claim on TARGET, is over.
    // SAFETY: no reference to TARGET is alive any more.
    let bytes = unsafe { core::ptr::read_volatile(target) };
    let landed = bytes.iter().filter(|&&b| b == 0xab).count();
    println!("LAB5 drop landed={landed} of={}", bytes.len());
}

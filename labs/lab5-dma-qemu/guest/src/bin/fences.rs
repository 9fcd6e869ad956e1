//! Exercise 2's program: the record the given code keeps (`trace`) of each
//! start and each wait, one transfer in each direction. QEMU never
//! reorders, so a missing fence shows nowhere in memory; the record shows
//! whether `fence::before_start` ran before the device was started and
//! `fence::after_finish` after a poll said done. Prints `LAB5 fences …`
//! lines, the records as letters (see `trace::take`).
#![no_std]
#![no_main]

use core::ptr::addr_of_mut;

use lab5_guest::transfer::Transfer;
use lab5_guest::{entry, pci, println, trace};

entry!(main);

static SOURCE: [u8; 64] = [0x3c; 64];
static mut TARGET: [u8; 64] = [0; 64];

fn main() {
    let edu = pci::find_edu().expect("edu not found: was QEMU started with -device edu?");

    let source: &'static [u8] = &SOURCE;
    trace::clear();
    let transfer = Transfer::to_device(edu, source, 5);
    let start = trace::take();
    let (_, edu) = transfer.wait();
    let wait = trace::take();
    println!("LAB5 fences op=to_device start={start} wait={wait}");

    let target = addr_of_mut!(TARGET);
    // SAFETY: the only reference to TARGET.
    let target: &'static mut [u8] = unsafe { &mut *target };
    trace::clear();
    let transfer = Transfer::to_memory(edu, target, 5);
    let start = trace::take();
    let _ = transfer.wait();
    let wait = trace::take();
    println!("LAB5 fences op=to_memory start={start} wait={wait}");
}

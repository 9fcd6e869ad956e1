//! Must not compile: a transfer into a buffer on the stack. A `Transfer`
//! may be forgotten, and then nothing waits for the device, so its buffer
//! must be `'static` (`WriteBuffer`'s blanket impl requires `B: 'static`).
//! Lab 5's tests check that the compiler refuses this with E0597.
#![no_std]
#![no_main]

use lab5_guest::transfer::Transfer;
use lab5_guest::{entry, pci};

entry!(main);

fn main() {
    let edu = pci::find_edu().expect("edu");
    let mut on_the_stack = [0u8; 64];
    let transfer = Transfer::to_memory(edu, &mut on_the_stack, 0);
    let _ = transfer.wait();
}

//! Must not compile: a device → RAM transfer into a shared `&'static [u8]`.
//! The device would write bytes the program only shares (here a static in
//! read-only data), so `to_memory` takes a `WriteBuffer`, which needs
//! `DerefMut`. Lab 5's tests check that the compiler refuses this with
//! E0277.
#![no_std]
#![no_main]

use lab5_guest::transfer::Transfer;
use lab5_guest::{entry, pci};

entry!(main);

static GREETING: [u8; 64] = [b'h'; 64];

fn main() {
    let edu = pci::find_edu().expect("edu");
    let transfer = Transfer::to_memory(edu, &GREETING, 0);
    let _ = transfer.wait();
}

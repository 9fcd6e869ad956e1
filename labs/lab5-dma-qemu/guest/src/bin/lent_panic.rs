//! Exercise 4's program for a panic in `during`: `scoped::to_memory` into
//! a local array, and `during` panics while the device copies, at the
//! position the test wrote at `POSITION` with QEMU's generic loader
//! (`-device loader,addr=0x87000000,data=<N>,data-len=4`): 0 at once, 1
//! after a poll, 2 after forgetting its handle, 3 once the device is done.
//! The guest aborts on a panic, so the panic handler must be the last
//! thing that runs: the call must not have returned (`LAB5 returned`).
#![no_std]
#![no_main]
// `during` forgets and drops its handle on purpose, whether or not the
// handle has a `Drop` of its own: the call must not depend on either.
#![allow(clippy::forget_non_drop)]

use core::ptr::read_volatile;

use lab5_guest::scoped;
use lab5_guest::{clock, entry, pci, println};

entry!(main);

/// Where the test puts the position: RAM past the program's 16 MiB
/// (`link.x`), which nothing else uses.
const POSITION: usize = 0x8700_0000;
/// How long a closure that waits for "done" polls before it gives up.
const GIVE_UP_US: u64 = 200_000;

fn main() {
    // SAFETY: POSITION is RAM of the virt machine outside the program and
    // its stack; QEMU's loader wrote it before the start (0 if not).
    let position = unsafe { read_volatile(POSITION as *const u32) };
    let mut edu = pci::find_edu().expect("edu not found: was QEMU started with -device edu?");
    let mut local = [0u8; 64];
    let started = clock::now_us();
    scoped::to_memory(&mut edu, &mut local, 0, |in_flight| {
        let running = !in_flight.is_done();
        println!("LAB5 during position={position} running={running}");
        match position {
            0 => panic!("during panicked at once (position 0)"),
            1 => {
                let _ = in_flight.is_done();
                panic!("during panicked after a poll (position 1)")
            }
            2 => {
                core::mem::forget(in_flight);
                panic!("during panicked after forgetting its handle (position 2)")
            }
            _ => {
                while !in_flight.is_done() && clock::now_us() < started + GIVE_UP_US {
                    core::hint::spin_loop();
                }
                panic!("during panicked once the device was done (position 3)")
            }
        }
    });
    println!("LAB5 returned");
}

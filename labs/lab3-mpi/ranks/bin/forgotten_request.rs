//! The hazard of the lab's demonstration: a guard-object receive whose `Drop` waits is
//! forgotten in safe code, its buffer is freed and the memory reused, and
//! the message lands in the reused memory. One rank, sending to itself.

use std::hint::black_box;
use std::mem;

use lab3_ranks::hazard::GuardedReceive;
use lab3_ranks::report::exit_on_panic;
use mpi::traits::*;

/// Small enough that the allocator hands the freed block straight back.
const LEN: usize = 256;

// ANCHOR: hazard
fn main() {
    exit_on_panic();
    let universe = mpi::initialize().expect("MPI is initialised once, here");
    let world = universe.world();
    let me = world.this_process();

    let mut buffer = vec![0u8; LEN];
    let guard = GuardedReceive::post(&me, &mut buffer);
    mem::forget(guard); // safe code: Drop (the wait) never runs...
    let old = buffer.as_ptr();
    drop(buffer); // ...so the borrow is over and the buffer can go.

    // Someone else's data, in a fresh allocation of the same size.
    let canary = black_box(vec![0xCAu8; LEN]);
    println!("LAB3 hazard: freed buffer at {old:p}, canary allocated at {:p}", canary.as_ptr());

    // The message MPI still owes the forgotten receive.
    me.send(&[0x5Au8; LEN][..]);

    // SAFETY: reads through a live `&u8` into `canary`; volatile so the
    // compiler cannot assume the bytes still hold what it wrote.
    let now: Vec<u8> = canary.iter().map(|b| unsafe { std::ptr::read_volatile(b) }).collect();
    let clobbered = now.iter().filter(|&&b| b != 0xCA).count();
    println!("LAB3 hazard: canary bytes now {:02x?}...", &now[..8]);
    if clobbered > 0 {
        println!(
            "LAB3 hazard: canary clobbered: {clobbered} of {LEN} bytes overwritten by a forgotten receive"
        );
    } else {
        println!("LAB3 hazard: canary intact (the allocator did not reuse the block this time)");
    }
}
// ANCHOR_END: hazard

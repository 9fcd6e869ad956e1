//! The hazard behind lab 4: a read whose buffer is *borrowed* is submitted
//! on an empty pipe, the buffer is freed (what dropping or forgetting a
//! borrowing future amounts to), a same-size allocation is filled with a
//! canary, and then data arrives. The kernel still holds the old address
//! and writes the data into the new allocation.
//!
//! `cargo run -p lab4 --example borrowed_read`

use std::hint::black_box;
use std::io::Write;
use std::os::fd::{AsRawFd, OwnedFd};

use io_uring::{IoUring, opcode, types};

// ANCHOR: hazard
const LEN: usize = 64;

fn main() {
    let mut ring = IoUring::new(8).unwrap_or_else(|e| panic!("{}", lab4::driver::refused_line(&e)));
    let (reader, writer) = std::io::pipe().expect("pipe");
    let reader = OwnedFd::from(reader);

    // The victim: non-zero, so the allocator takes it from its free lists
    // rather than handing out fresh zeroed pages.
    let victim: *mut [u8; LEN] = Box::into_raw(Box::new([0x11u8; LEN]));
    // ANCHOR: submit
    let read = opcode::Read::new(types::Fd(reader.as_raw_fd()), victim.cast(), LEN as u32).build();
    // SAFETY: NOT upheld, on purpose: the buffer is freed below while the
    // kernel still holds its address. This is the bug the lab prevents.
    unsafe { ring.submission().push(&read).expect("submission queue full") };
    ring.submit().expect("io_uring_enter");
    // ANCHOR_END: submit
    assert!(ring.completion().next().is_none(), "the pipe is empty: the read waits");
    println!("LAB4 hazard: read of {LEN} bytes submitted into {victim:p}; the pipe is empty");

    // SAFETY: the Box came from Box::into_raw above; freeing it while the
    // read is pending is the bug being shown.
    drop(unsafe { Box::from_raw(victim) });
    let canary: Box<[u8; LEN]> = black_box(Box::new([0xCC; LEN]));
    println!("LAB4 hazard: victim freed; canary allocated at {:p}", &*canary);

    (&writer).write_all(b"KERNEL-WROTE-HERE").expect("write to the pipe");
    ring.submit_and_wait(1).expect("io_uring_enter");
    let result = ring.completion().next().expect("a completion").result();
    // SAFETY: reading our own live allocation; volatile so the compiler
    // cannot assume it still holds the 0xCC it stored.
    let seen: [u8; LEN] = unsafe { std::ptr::read_volatile(&*canary) };
    println!(
        "LAB4 hazard: read completed with {result}; canary now starts {:?}",
        String::from_utf8_lossy(&seen[..24])
    );
    let clobbered = seen.iter().filter(|&&b| b != 0xCC).count();
    if clobbered > 0 {
        println!(
            "LAB4 hazard: canary overwritten: {clobbered} of {LEN} bytes written by the kernel after the free"
        );
    } else {
        println!("LAB4 hazard: canary intact (the allocator did not reuse the freed block this time)");
    }
}
// ANCHOR_END: hazard

//! Exercise 1's program: find `edu`, check its registers answer, and copy
//! 256 bytes RAM → device → RAM with the raw (unsafe) DMA calls, which only
//! works if bus mastering is on (and only if the registers are edu's).
//! Prints `LAB5 probe …` (with the command register find_edu left) and
//! `LAB5 dma …` lines. The tests run it on
//! machines with edu in another slot, behind another card, or without it.
#![no_std]
#![no_main]

use lab5_guest::edu::{Direction, Edu};
use lab5_guest::{ecam, entry, fence, pci, println};

entry!(main);

/// What edu's identification register reads (version 1.0).
const EDU_VERSION: u32 = 0x0100_00ed;

fn main() {
    let Some(mut edu) = pci::find_edu() else {
        println!("LAB5 probe found=false");
        return;
    };
    let id = edu.id();
    let liveness = edu.liveness(0x1234_5678);
    // The command bits find_edu left in edu's configuration space.
    let command = (0..ecam::SLOTS)
        .find(|&slot| ecam::read32(slot, ecam::reg::ID) == lab5_guest::edu::PCI_ID)
        .map_or(0, |slot| ecam::read32(slot, ecam::reg::COMMAND) & 0xffff);
    println!("LAB5 probe found=true id={id:#010x} liveness={liveness:#010x} command={command:#06x}");
    if id != EDU_VERSION {
        // Not edu's registers: another card's DMA registers are not edu's,
        // and polling one for "done" might never end.
        println!("LAB5 dma tried=false");
        return;
    }

    let source: [u8; 256] = core::array::from_fn(|i| (i as u8) ^ 0x5a);
    let mut copy = [0u8; 256];
    copy_raw(&mut edu, source.as_ptr() as usize, Direction::ToDevice);
    copy_raw(&mut edu, copy.as_mut_ptr() as usize, Direction::ToMemory);
    // SAFETY: `copy` is a live local; the volatile read keeps the compiler
    // from assuming it still holds the zeros written above.
    let copy: [u8; 256] = unsafe { core::ptr::read_volatile(&copy) };
    println!("LAB5 dma tried=true equal={}", copy == source);
}

/// Copies 256 bytes at `address` to or from the device and waits for it.
fn copy_raw(edu: &mut Edu, address: usize, direction: Direction) {
    fence::before_start();
    // SAFETY: the caller's 256-byte array outlives this call, which waits
    // until the device is done.
    unsafe { edu.start_dma(address, 0, 256, direction) };
    let mut spins = 0u64;
    while edu.is_busy() {
        spins += 1;
        if spins > 50_000_000 {
            println!("LAB5 dma stuck=true");
            return;
        }
    }
    fence::after_finish();
}

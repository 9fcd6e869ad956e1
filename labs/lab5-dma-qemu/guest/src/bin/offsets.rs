//! Exercise 2's program: each direction of `Transfer` checked on its own,
//! against the given raw DMA calls, which put known bytes in the device's
//! buffer and read all of it back. A round trip cannot see a mistake made
//! the same way in both directions (the offset ignored, the directions
//! swapped); here `to_memory` must bring exactly the device's bytes from
//! its offset, and `to_device` must put its bytes exactly at its offset,
//! leave the rest of the device's buffer and its own buffer alone.
//! Prints `LAB5 to_memory …` and `LAB5 to_device …` lines.
#![no_std]
#![no_main]

use core::ptr::{addr_of_mut, read_volatile, write_volatile};

use lab5_guest::edu::{self, Direction, Edu};
use lab5_guest::transfer::Transfer;
use lab5_guest::{entry, fence, pci, println};

entry!(main);

/// The part of the device's buffer a transfer may reach.
const REACH: usize = edu::MAX_TRANSFER;
/// Bytes past the end of a `to_memory` buffer that must stay as they were.
const GUARD: usize = 16;
/// What the guard bytes hold.
const GUARD_BYTE: u8 = 0xc3;
/// What a `to_memory` buffer holds before the transfer.
const STALE_BYTE: u8 = 0x5a;
/// (device offset, length) of each `to_memory`: odd, long, and at the end.
const TO_MEMORY: [(usize, usize); 3] = [(1234, 300), (1, 4094), (4000, 95)];
/// (device offset, length) of each `to_device`.
const TO_DEVICE: [(usize, usize); 3] = [(2000, 333), (0, 7), (4094, 1)];

/// What the device's buffer is filled with (given raw DMA).
static mut IMAGE: [u8; REACH] = [0; REACH];
/// The device's buffer, read back whole (given raw DMA).
static mut READBACK: [u8; REACH] = [0; REACH];
/// The student's buffers.
static mut BUFFER: [u8; REACH + GUARD] = [0; REACH + GUARD];

/// Byte `i` of pattern `seed`: a shift by any offset changes most bytes.
fn pattern(seed: u32, i: usize) -> u8 {
    ((i as u32 ^ seed.wrapping_mul(0x85eb_ca6b)).wrapping_mul(0x9e37_79b9) >> 24) as u8
}

/// Byte `i` of a static array, read for real (the device wrote it).
fn byte(array: *const u8, i: usize) -> u8 {
    // SAFETY: every caller passes one of the statics above and an index
    // inside it; no reference to it is alive during the read.
    unsafe { read_volatile(array.wrapping_add(i)) }
}

/// Writes byte `i` of a static array.
fn set(array: *mut u8, i: usize, value: u8) {
    // SAFETY: as in byte().
    unsafe { write_volatile(array.wrapping_add(i), value) }
}

/// Copies `REACH` bytes between `array` and the whole device buffer with
/// the given raw calls, and waits.
fn raw(edu: &mut Edu, array: *mut u8, direction: Direction) {
    fence::before_start();
    // SAFETY: `array` is one of the REACH-byte statics above, not otherwise
    // accessed until this function returns, after the device is done.
    unsafe { edu.start_dma(array as usize, 0, REACH, direction) };
    while edu.is_busy() {
        core::hint::spin_loop();
    }
    fence::after_finish();
}

/// Fills the device's buffer with pattern `seed`.
fn fill_device(edu: &mut Edu, seed: u32) {
    let image = addr_of_mut!(IMAGE).cast::<u8>();
    for i in 0..REACH {
        set(image, i, pattern(seed, i));
    }
    raw(edu, image, Direction::ToDevice);
}

fn main() {
    let mut edu = pci::find_edu().expect("edu not found: was QEMU started with -device edu?");
    let buffer = addr_of_mut!(BUFFER).cast::<u8>();

    fill_device(&mut edu, 1);
    for &(offset, len) in &TO_MEMORY {
        for i in 0..REACH + GUARD {
            set(buffer, i, if i < len { STALE_BYTE } else { GUARD_BYTE });
        }
        // SAFETY: the only reference to BUFFER; it ends with this case.
        let target: &'static mut [u8] = unsafe { core::slice::from_raw_parts_mut(buffer, len) };
        let (_, device) = Transfer::to_memory(edu, target, offset).wait();
        edu = device;
        let wrong = (0..len).filter(|&i| byte(buffer, i) != pattern(1, offset + i)).count();
        let first = (0..len).find(|&i| byte(buffer, i) != pattern(1, offset + i));
        let guard = (len..len + GUARD).all(|i| byte(buffer, i) == GUARD_BYTE);
        match first {
            Some(i) => println!(
                "LAB5 to_memory offset={offset} len={len} wrong={wrong} guard_intact={guard} first_wrong={i} got={:#04x} device_had={:#04x}",
                byte(buffer, i),
                pattern(1, offset + i)
            ),
            None => println!("LAB5 to_memory offset={offset} len={len} wrong=0 guard_intact={guard}"),
        }
    }

    let readback = addr_of_mut!(READBACK).cast::<u8>();
    for (case, &(offset, len)) in TO_DEVICE.iter().enumerate() {
        let (before, mine) = (10 + case as u32, 20 + case as u32);
        fill_device(&mut edu, before);
        for i in 0..len {
            set(buffer, i, pattern(mine, i));
        }
        // SAFETY: the only reference to BUFFER; it ends with this case.
        let source: &'static [u8] = unsafe { core::slice::from_raw_parts(buffer, len) };
        let (_, device) = Transfer::to_device(edu, source, offset).wait();
        edu = device;
        raw(&mut edu, readback, Direction::ToMemory);
        let misplaced = (0..len).filter(|&i| byte(readback, offset + i) != pattern(mine, i)).count();
        let outside_changed = (0..REACH)
            .filter(|&j| !(offset..offset + len).contains(&j))
            .filter(|&j| byte(readback, j) != pattern(before, j))
            .count();
        let source_changed = (0..len).filter(|&i| byte(buffer, i) != pattern(mine, i)).count();
        println!(
            "LAB5 to_device offset={offset} len={len} misplaced={misplaced} outside_changed={outside_changed} source_changed={source_changed}"
        );
    }
}

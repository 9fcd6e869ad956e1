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

use core::ptr::addr_of_mut;

#[path = "support/device_bytes.rs"]
mod device_bytes;
use device_bytes::{byte, copy_whole, fill_device, pattern, set};
use lab5_guest::edu::{self, Direction};
use lab5_guest::transfer::Transfer;
use lab5_guest::{entry, pci, println};

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

fn main() {
    let mut edu = pci::find_edu().expect("edu not found: was QEMU started with -device edu?");
    let buffer = addr_of_mut!(BUFFER).cast::<u8>();
    let image = addr_of_mut!(IMAGE).cast::<u8>();

    fill_device(&mut edu, image, 1);
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
        fill_device(&mut edu, image, before);
        for i in 0..len {
            set(buffer, i, pattern(mine, i));
        }
        // SAFETY: the only reference to BUFFER; it ends with this case.
        let source: &'static [u8] = unsafe { core::slice::from_raw_parts(buffer, len) };
        let (_, device) = Transfer::to_device(edu, source, offset).wait();
        edu = device;
        copy_whole(&mut edu, readback, Direction::ToMemory);
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

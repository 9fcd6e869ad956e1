//! What exercises 2's and 4's programs share to check a transfer's bytes:
//! a pattern that shows a shift, volatile access to memory the device may
//! have written, and a whole-buffer copy with the given raw calls.

use core::ptr::{read_volatile, write_volatile};

use lab5_guest::edu::{Direction, Edu, MAX_TRANSFER};
use lab5_guest::fence;

/// Byte `i` of pattern `seed`: a shift by any offset changes most bytes.
pub fn pattern(seed: u32, i: usize) -> u8 {
    ((i as u32 ^ seed.wrapping_mul(0x85eb_ca6b)).wrapping_mul(0x9e37_79b9) >> 24) as u8
}

/// Byte `i` of an array, read for real (the device may have written it).
pub fn byte(array: *const u8, i: usize) -> u8 {
    // SAFETY: every caller passes an array it owns and an index inside it,
    // with no reference to it alive during the read.
    unsafe { read_volatile(array.wrapping_add(i)) }
}

/// Writes byte `i` of an array.
pub fn set(array: *mut u8, i: usize, value: u8) {
    // SAFETY: as in byte().
    unsafe { write_volatile(array.wrapping_add(i), value) }
}

/// Copies `MAX_TRANSFER` bytes between `array` and the whole device buffer
/// with the given raw calls, and waits.
pub fn copy_whole(edu: &mut Edu, array: *mut u8, direction: Direction) {
    fence::before_start();
    // SAFETY: every caller passes a static of `MAX_TRANSFER` bytes, not
    // otherwise accessed until this function returns, after the device is
    // done.
    unsafe { edu.start_dma(array as usize, 0, MAX_TRANSFER, direction) };
    while edu.is_busy() {
        core::hint::spin_loop();
    }
    fence::after_finish();
}

/// Puts pattern `seed` in the `MAX_TRANSFER` bytes at `array`.
pub fn fill(array: *mut u8, seed: u32) {
    for i in 0..MAX_TRANSFER {
        set(array, i, pattern(seed, i));
    }
}

/// Fills the device's whole buffer with pattern `seed`, through `array`.
pub fn fill_device(edu: &mut Edu, array: *mut u8, seed: u32) {
    fill(array, seed);
    copy_whole(edu, array, Direction::ToDevice);
}

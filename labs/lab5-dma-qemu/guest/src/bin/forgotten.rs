//! The hazard, on a real (emulated) device: a transfer API that borrows its
//! buffer and waits in `Drop`. Safe code forgets the transfer; the device's
//! bytes then land in memory the program has reused, first a refilled
//! buffer, then another function's stack frame. Given code, shown in the
//! book; it uses the reference `pci::find_edu`.
#![no_std]
#![no_main]

use core::ptr::{addr_of, read_volatile, write_volatile};

use lab5_guest::edu::{Direction, Edu};
use lab5_guest::{entry, fence, pci, println};

entry!(main);

// ANCHOR: borrowed
/// The unsound design: the transfer borrows the buffer for `'a`, and only
/// its `Drop` keeps the buffer from being used again before the device is
/// done. `mem::forget` skips the `Drop` and ends the borrow.
pub struct BorrowedTransfer<'a> {
    edu: &'a mut Edu,
    _buffer: &'a mut [u8],
}

impl<'a> BorrowedTransfer<'a> {
    /// Starts copying the device's buffer into `buffer`.
    pub fn start(edu: &'a mut Edu, buffer: &'a mut [u8]) -> Self {
        fence::before_start();
        // SAFETY: NOT sound: this relies on `Drop` running before `buffer`
        // is used again, which safe code can prevent with `mem::forget`.
        unsafe { edu.start_dma(buffer.as_mut_ptr() as usize, 0, buffer.len(), Direction::ToMemory) };
        BorrowedTransfer { edu, _buffer: buffer }
    }
}

impl Drop for BorrowedTransfer<'_> {
    fn drop(&mut self) {
        while self.edu.is_busy() {}
        fence::after_finish();
    }
}
// ANCHOR_END: borrowed

const LEN: usize = 64;
/// What the device's buffer is filled with before each hazard.
const DEVICE_BYTE: u8 = 0xab;
/// What the program puts in the memory it reused.
const OWN_BYTE: u8 = 0x11;

fn main() {
    let mut edu = pci::find_edu().expect("edu not found: was QEMU started with -device edu?");
    fill_device(&mut edu);
    refilled_buffer(&mut edu);
    let dma_at = forget_in_a_frame(&mut edu);
    let (victim_at, clobbered) = victim(&mut edu);
    println!(
        "stack frame: the forgotten transfer's buffer was at {dma_at:#x}; a later call's local at {victim_at:#x}: {clobbered}/{LEN} bytes clobbered by the device"
    );
}

/// Puts `DEVICE_BYTE`s in the device's buffer (a transfer that is waited for).
fn fill_device(edu: &mut Edu) {
    let pattern = [DEVICE_BYTE; LEN];
    fence::before_start();
    // SAFETY: `pattern` outlives the transfer: we wait for it right here.
    unsafe { edu.start_dma(pattern.as_ptr() as usize, 0, LEN, Direction::ToDevice) };
    while edu.is_busy() {}
    fence::after_finish();
}

// ANCHOR: refilled
/// Forget the transfer, refill the buffer (safe: the borrow is over), then
/// let emulated time pass and look again.
fn refilled_buffer(edu: &mut Edu) {
    let mut buffer = [0u8; LEN];
    let transfer = BorrowedTransfer::start(edu, &mut buffer);
    core::mem::forget(transfer);
    buffer.fill(OWN_BYTE);
    let before = buffer[0];
    while edu.is_busy() {}
    // SAFETY: `buffer` is a live local; volatile, because the compiler
    // rightly believes nothing else wrote it.
    let after = unsafe { read_volatile(&buffer[0]) };
    println!(
        "refilled buffer: buffer[0] = {before:#04x} after the refill, {after:#04x} once the device is done"
    );
}
// ANCHOR_END: refilled

// ANCHOR: frame
/// Starts a transfer into a local, forgets it and returns: the device
/// still holds the address of this frame's bytes.
#[inline(never)]
fn forget_in_a_frame(edu: &mut Edu) -> usize {
    let mut buffer = [0u8; LEN];
    core::mem::forget(BorrowedTransfer::start(edu, &mut buffer));
    addr_of!(buffer) as usize
}

/// A later, unrelated call: its frame takes the same stack. It fills a
/// local with its own bytes and counts how many are still its own after
/// emulated time passed.
#[inline(never)]
fn victim(edu: &mut Edu) -> (usize, usize) {
    let mut secrets = [0u8; LEN];
    let p = secrets.as_mut_ptr();
    for i in 0..LEN {
        // Volatile, so the compiler cannot keep the bytes in registers.
        // SAFETY: i < LEN: the byte is inside `secrets`, which is alive.
        unsafe { write_volatile(p.wrapping_add(i), OWN_BYTE) };
    }
    while edu.is_busy() {}
    // SAFETY: as above.
    let clobbered = (0..LEN).filter(|&i| unsafe { read_volatile(p.wrapping_add(i)) } != OWN_BYTE).count();
    (p as usize, clobbered)
}
// ANCHOR_END: frame

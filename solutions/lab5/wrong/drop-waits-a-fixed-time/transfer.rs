//! Wrong: Drop waits a fixed delay (a million-iteration `nop` loop, seconds of emulated time, far more than edu's 100 ms) instead of asking the device, so it hands the buffer back whenever the device takes longer than the guess, and makes every drop that long even when the device is done; unsound.
//! Caught by: ex3_drop::drop_sees_the_device_finish_then_fences
//! Caught by: ex3_drop::drop_returns_when_the_device_is_done

use embedded_dma::{ReadBuffer, WriteBuffer};

use crate::edu::{Direction, Edu};
use crate::fence;

/// Iterations of Drop's delay loop: a few seconds of emulated time.
const DELAY_LOOPS: usize = 1_000_000;

/// A running DMA transfer. It owns the device and the buffer until the
/// device has finished; then [`Transfer::wait`] hands both back.
pub struct Transfer<B> {
    /// `Some` until `wait` takes it.
    buffer: Option<B>,
    /// `Some` until `wait` takes it; `Drop` waits only while it is here.
    edu: Option<Edu>,
}

impl<B: ReadBuffer<Word = u8>> Transfer<B> {
    /// Starts copying all of `buffer` into the device's buffer at `offset`.
    pub fn to_device(mut edu: Edu, buffer: B, offset: usize) -> Transfer<B> {
        // SAFETY: ReadBuffer promises the pointer stays valid and the bytes
        // stay put while `buffer` is not touched through `&mut`; the
        // transfer keeps `buffer` until the device is done, and `B: 'static`
        // (part of the blanket impl) means forgetting it leaks, never frees.
        let (address, len) = unsafe { buffer.read_buffer() };
        fence::before_start();
        // SAFETY: as above, the memory outlives the transfer.
        unsafe { edu.start_dma(address as usize, offset, len, Direction::ToDevice) };
        Transfer { buffer: Some(buffer), edu: Some(edu) }
    }
}

impl<B: WriteBuffer<Word = u8>> Transfer<B> {
    /// Starts copying the device's buffer from `offset` into all of `buffer`.
    pub fn to_memory(mut edu: Edu, mut buffer: B, offset: usize) -> Transfer<B> {
        // SAFETY: as in to_device, for writing: nobody else can reach the
        // bytes while the transfer owns `buffer`.
        let (address, len) = unsafe { buffer.write_buffer() };
        fence::before_start();
        // SAFETY: as above.
        unsafe { edu.start_dma(address as usize, offset, len, Direction::ToMemory) };
        Transfer { buffer: Some(buffer), edu: Some(edu) }
    }
}

impl<B> Transfer<B> {
    /// Whether the device has finished (the buffer is still the transfer's).
    pub fn is_done(&self) -> bool {
        self.edu.as_ref().is_none_or(|edu| !edu.is_busy())
    }

    /// Waits for the device to finish, then hands back the buffer (holding
    /// the device's bytes after `to_memory`) and the device.
    pub fn wait(mut self) -> (B, Edu) {
        while !self.is_done() {
            core::hint::spin_loop();
        }
        fence::after_finish();
        let buffer = self.buffer.take().expect("a transfer holds its buffer until wait");
        let edu = self.edu.take().expect("a transfer holds the device until wait");
        (buffer, edu)
    }
}

impl<B> Drop for Transfer<B> {
    /// `edu` cannot cancel a transfer, so dropping one waits for it: only
    /// then may the buffer be dropped (or reused, for a `&'static mut`).
    /// Forgetting a transfer skips this, and that is sound too: the buffer
    /// is `'static` and stays owned by the forgotten transfer for ever.
    fn drop(&mut self) {
        if self.edu.is_some() {
            // edu finishes 100 ms after the start; this is much longer.
            for _ in 0..DELAY_LOOPS {
                // SAFETY: a `nop` does nothing; the loop only takes time.
                unsafe { core::arch::asm!("nop", options(nomem, nostack, preserves_flags)) };
            }
            fence::after_finish();
        }
    }
}

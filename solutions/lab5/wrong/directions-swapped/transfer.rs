//! Wrong: to_device starts a device-to-memory copy and to_memory a memory-to-device one, so the device writes into the buffer to_device only lent it to read (a `&'static [u8]`, perhaps in read-only data) and to_memory's buffer never gets the device's bytes; a round trip through both still compares equal (both ends end up with the device's bytes); unsound.
//! Caught by: ex2_transfer::to_device_writes_at_the_offset
//! Caught by: ex2_transfer::to_memory_reads_from_the_offset

use embedded_dma::{ReadBuffer, WriteBuffer};

use crate::edu::{Direction, Edu};
use crate::fence;

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
        unsafe { edu.start_dma(address as usize, offset, len, Direction::ToMemory) };
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
        unsafe { edu.start_dma(address as usize, offset, len, Direction::ToDevice) };
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
        if let Some(edu) = &self.edu {
            while edu.is_busy() {
                core::hint::spin_loop();
            }
            fence::after_finish();
        }
    }
}

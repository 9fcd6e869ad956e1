//! Lab 5, exercises 2 and 3: a DMA transfer that owns its buffer, so the
//! device never writes memory the program has moved on from, whether the
//! transfer is waited for, dropped or forgotten.

#[allow(unused_imports)]
use embedded_dma::{ReadBuffer, WriteBuffer};

use crate::edu::Edu;
#[allow(unused_imports)]
use crate::{edu::Direction, fence};

/// A running DMA transfer. It owns the device and the buffer until the
/// device has finished; then [`Transfer::wait`] hands both back.
pub struct Transfer<B> {
    /// `Some` until `wait` takes it.
    #[allow(dead_code)]
    buffer: Option<B>,
    /// `Some` until `wait` takes it; `Drop` need not wait once it is gone.
    edu: Option<Edu>,
}

impl<B: ReadBuffer<Word = u8>> Transfer<B> {
    /// Starts copying all of `buffer` into the device's buffer at `offset`.
    pub fn to_device(edu: Edu, buffer: B, offset: usize) -> Transfer<B> {
        let _ = (edu, buffer, offset);
        todo!(
            "lab5 exercise 2: start a transfer that owns its buffer, with a fence before the start (book: ch. 3, A transfer that owns its buffer)"
        )
    }
}

impl<B: WriteBuffer<Word = u8>> Transfer<B> {
    /// Starts copying the device's buffer from `offset` into all of `buffer`.
    pub fn to_memory(edu: Edu, buffer: B, offset: usize) -> Transfer<B> {
        let _ = (edu, buffer, offset);
        todo!(
            "lab5 exercise 2: start a transfer that owns its buffer, with a fence before the start (book: ch. 3, A transfer that owns its buffer)"
        )
    }
}

impl<B> Transfer<B> {
    /// Whether the device has finished (the buffer is still the transfer's).
    pub fn is_done(&self) -> bool {
        todo!(
            "lab5 exercise 2: ask the device whether it is still busy (book: ch. 3, A transfer that owns its buffer)"
        )
    }

    /// Waits for the device to finish, then hands back the buffer (holding
    /// the device's bytes after `to_memory`) and the device.
    pub fn wait(self) -> (B, Edu) {
        todo!(
            "lab5 exercise 2: wait until the device is done, fence, hand back buffer and device (book: ch. 3, A transfer that owns its buffer)"
        )
    }
}

impl<B> Drop for Transfer<B> {
    fn drop(&mut self) {
        // Given for exercise 2: a transfer that `wait` took the device out
        // of has nothing in flight, so there is nothing to wait for.
        if self.edu.is_none() {
            return;
        }
        todo!("lab5 exercise 3: a dropped transfer waits for the device (book: ch. 3, Dropping a transfer)")
    }
}

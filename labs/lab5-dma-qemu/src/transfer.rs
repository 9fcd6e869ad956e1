//! Lab 5, exercises 2 and 3: a DMA transfer that owns its buffer, so the
//! device never writes memory the program has moved on from, whether the
//! transfer is waited for, dropped or forgotten.

#[allow(unused_imports)]
use embedded_dma::{ReadBuffer, WriteBuffer};

use crate::edu::Edu;
#[allow(unused_imports)]
use crate::{edu::Direction, fence};

// ANCHOR: transfer
/// A running DMA transfer. It owns the device and the buffer until the
/// device has finished; then [`Transfer::wait`] hands both back.
pub struct Transfer<B> {
    /// `Some` until `wait` takes it.
    #[allow(dead_code)]
    buffer: Option<B>,
    /// `Some` until `wait` takes it; `Drop` need not wait once it is gone.
    edu: Option<Edu>,
}
// ANCHOR_END: transfer

impl<B: ReadBuffer<Word = u8>> Transfer<B> {
    /// Starts the device copying all of `buffer` into its own buffer at
    /// `offset`, and returns while the copy still runs.
    ///
    /// From the start until the device says it is done, the device reads
    /// `buffer`'s bytes on its own, so the transfer owns `buffer` (and the
    /// device) all that time: nothing else may write, move or free those
    /// bytes, and a transfer that is forgotten leaks them, never frees
    /// them. Every write the program made to them happens before the
    /// register write that starts the device. All of `buffer` or nothing: a
    /// buffer that does not fit at `offset` panics (the given `start_dma`
    /// refuses it).
    pub fn to_device(edu: Edu, buffer: B, offset: usize) -> Transfer<B> {
        let _ = (edu, buffer, offset);
        todo!(
            "lab5 exercise 2: a running copy into the device that owns its buffer, started after the program's writes (book: ch. 3, A transfer that owns its buffer)"
        )
    }
}

impl<B: WriteBuffer<Word = u8>> Transfer<B> {
    /// Starts the device copying its own buffer, from `offset`, into all of
    /// `buffer`, and returns while the copy still runs.
    ///
    /// From the start until the device says it is done, the device writes
    /// `buffer`'s bytes on its own, so the transfer owns `buffer` (and the
    /// device) all that time: nothing else may read, write, move or free
    /// those bytes, and a transfer that is forgotten leaks them, never frees
    /// them. Every access the program made to them happens before the
    /// register write that starts the device, so the device never
    /// overwrites bytes the program is still reading. All of `buffer` or
    /// nothing, as in `to_device`.
    pub fn to_memory(edu: Edu, buffer: B, offset: usize) -> Transfer<B> {
        let _ = (edu, buffer, offset);
        todo!(
            "lab5 exercise 2: a running copy out of the device that owns its buffer, started after the program's accesses (book: ch. 3, A transfer that owns its buffer)"
        )
    }
}

impl<B> Transfer<B> {
    /// Whether the device has finished this transfer, by the device's own
    /// account: `false` while it still copies. It waits for nothing, and
    /// the buffer stays the transfer's either way.
    pub fn is_done(&self) -> bool {
        todo!(
            "lab5 exercise 2: whether the device has finished, as the device says (book: ch. 3, A transfer that owns its buffer)"
        )
    }

    /// Returns once the device has said it is done, with the buffer (holding
    /// the device's bytes after `to_memory`) and the device, idle and ready
    /// for the next transfer.
    ///
    /// No access the program makes to the buffer afterwards may be ordered
    /// before that "done": whoever has the buffer next sees every byte the
    /// device wrote. The transfer that is left has nothing in flight, and
    /// its `Drop` finds nothing to wait for.
    pub fn wait(self) -> (B, Edu) {
        todo!(
            "lab5 exercise 2: the buffer and the device back, only after the device is done (book: ch. 3, A transfer that owns its buffer)"
        )
    }
}

impl<B> Drop for Transfer<B> {
    /// A transfer dropped while it runs: when `drop` returns, the device is
    /// done with the buffer, whichever way it copies, and whoever gets the
    /// memory next sees the device's last write. `edu` cannot stop a
    /// transfer, and only the device knows when it has finished.
    fn drop(&mut self) {
        // Given for exercise 2: a transfer that `wait` took the device out
        // of has nothing in flight, so there is nothing to wait for.
        if self.edu.is_none() {
            return;
        }
        todo!(
            "lab5 exercise 3: a dropped transfer gives up its buffer only once the device is done with it (book: ch. 3, Dropping a transfer)"
        )
    }
}

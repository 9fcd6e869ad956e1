//! Lab 5, exercise 4 (reference answer): DMA into a buffer the program only
//! lends for one call. The wait lives in this module's own frames, where
//! `during` cannot reach it, so a forgotten handle ends nothing.

use crate::edu::{Direction, Edu};
use crate::fence;

// ANCHOR: in_flight
/// What `during` gets while the device copies: a shared borrow of the
/// device, enough to ask it, too little to start or stop anything.
pub struct InFlight<'scope> {
    edu: &'scope Edu,
}

impl InFlight<'_> {
    /// Whether the device has finished, by its own account.
    pub fn is_done(&self) -> bool {
        !self.edu.is_busy()
    }
}
// ANCHOR_END: in_flight

// ANCHOR: lend
/// Copies all of `buffer` into the device's buffer at `offset` while
/// `during` runs.
pub fn to_device<R>(
    edu: &mut Edu,
    buffer: &[u8],
    offset: usize,
    during: impl FnOnce(InFlight<'_>) -> R,
) -> R {
    fence::before_start();
    // SAFETY: `buffer` stays borrowed, and so valid and unwritten, until
    // this call is over, and `lend` does not end before the device is done.
    unsafe { edu.start_dma(buffer.as_ptr() as usize, offset, buffer.len(), Direction::ToDevice) };
    lend(edu, during)
}

/// Copies the device's buffer from `offset` into all of `buffer` while
/// `during` runs.
pub fn to_memory<R>(
    edu: &mut Edu,
    buffer: &mut [u8],
    offset: usize,
    during: impl FnOnce(InFlight<'_>) -> R,
) -> R {
    fence::before_start();
    // SAFETY: `buffer` is borrowed mutably, so nothing else reaches it,
    // until this call is over, and `lend` does not end before the device
    // is done.
    unsafe { edu.start_dma(buffer.as_mut_ptr() as usize, offset, buffer.len(), Direction::ToMemory) };
    lend(edu, during)
}

/// Runs `during` with a handle on the running transfer, and ends only once
/// the device is done: `Finish` is this frame's, not `during`'s.
fn lend<R>(edu: &Edu, during: impl FnOnce(InFlight<'_>) -> R) -> R {
    let _finish = Finish(edu);
    during(InFlight { edu })
}

/// Waits for the device when it is dropped: when `lend` returns, and when
/// a panic unwinds through it (the guest aborts instead, but the wait does
/// not depend on that).
struct Finish<'a>(&'a Edu);

impl Drop for Finish<'_> {
    fn drop(&mut self) {
        while self.0.is_busy() {
            core::hint::spin_loop();
        }
        fence::after_finish();
    }
}
// ANCHOR_END: lend

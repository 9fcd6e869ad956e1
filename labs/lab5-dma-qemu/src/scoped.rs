//! Lab 5, exercise 4: DMA into a buffer the program only lends for one
//! call, any buffer at all (a local array too): the device may touch it
//! only while the call runs, whatever the closure does with its handle.

use core::marker::PhantomData;

use crate::edu::Edu;
#[allow(unused_imports)]
use crate::{edu::Direction, fence};

/// What `during` gets while the device copies: a way to ask whether the
/// device is done, and nothing that could end the transfer or reach the
/// buffer. `during` owns it and may keep it, drop it or `mem::forget` it;
/// none of that may change when the call returns. What it holds is yours
/// to choose (the stub's holds nothing).
pub struct InFlight<'scope> {
    #[allow(dead_code)]
    scope: PhantomData<&'scope Edu>,
}

impl InFlight<'_> {
    /// Whether the device has finished the transfer, by the device's own
    /// account: `false` while it still copies. It waits for nothing.
    pub fn is_done(&self) -> bool {
        todo!(
            "lab5 exercise 4: whether the lent buffer's transfer is over, as the device says (book: ch. 3, A borrowed buffer for one call)"
        )
    }
}

/// Starts the device copying all of `buffer` into its own buffer at
/// `offset`, runs `during` while it copies, and returns what `during`
/// returned.
///
/// The device reads `buffer` only inside this call: the call does not
/// return, nor leave this frame any other way, before the device has said
/// it is done, whatever `during` did with its [`InFlight`] (kept, dropped
/// or forgotten it) and however early it returned; the caller may write
/// `buffer` the moment the call is over. `during` runs after the start
/// (its first `is_done` may say `false`). Every write the program made to
/// `buffer` happens before the register write that starts the device, and
/// the device's "done" before the call returns. A panic in `during` ends
/// the guest there (it aborts), so the frame that lends the buffer is
/// never popped while the device reads it. All of `buffer` or nothing: a
/// buffer that does not fit at `offset` panics (the given `start_dma`
/// refuses it).
pub fn to_device<R>(
    edu: &mut Edu,
    buffer: &[u8],
    offset: usize,
    during: impl FnOnce(InFlight<'_>) -> R,
) -> R {
    let _ = (edu, buffer, offset, during);
    todo!(
        "lab5 exercise 4: a copy into the device from a lent buffer, over before the call is (book: ch. 3, A borrowed buffer for one call)"
    )
}

// ANCHOR: to_memory
/// Starts the device copying its own buffer, from `offset`, into all of
/// `buffer`, runs `during` while it copies, and returns what `during`
/// returned.
///
/// The device writes `buffer` only inside this call: the call does not
/// return, nor leave this frame any other way, before the device has said
/// it is done, whatever `during` did with its [`InFlight`] and however
/// early it returned, and when it returns `buffer` holds every byte the
/// device wrote, and no read the caller makes of it is ordered before
/// that "done". `during` runs after the start. Every access the program
/// made to `buffer` happens before the register write that starts the
/// device. A panic in `during` ends the guest there, as in [`to_device`].
/// All of `buffer` or nothing, as in `to_device`.
pub fn to_memory<R>(
    edu: &mut Edu,
    buffer: &mut [u8],
    offset: usize,
    during: impl FnOnce(InFlight<'_>) -> R,
) -> R {
    let _ = (edu, buffer, offset, during);
    todo!(
        "lab5 exercise 4: a copy out of the device into a lent buffer, landed before the call is over (book: ch. 3, A borrowed buffer for one call)"
    )
}
// ANCHOR_END: to_memory

//! Lab 6, exercise 3: offer a buffer for a while, then cancel the write and
//! take the buffer back. Compiled into the wasm guest (guest/), not into the
//! host.

use wit_bindgen::StreamWriter;

// ANCHOR: offer
/// Offers `buf` to the reader in one write, for `patience` turns of the
/// guest's scheduler (`wit_bindgen::yield_async`). If the write has not
/// finished by then, cancels it. Returns how many bytes the reader took and
/// the buffer, holding the bytes it did not take.
///
/// The host has the write on offer from this future's first poll, and
/// through `patience` yields to the scheduler, not one more; with
/// `patience` 0 it is still offered once. A write that finishes, even with
/// only part of the bytes taken, is over: it is not resumed. While it is
/// pending the host may read the buffer in the guest's memory, and the
/// buffer is the guest's again only once the write has finished or the host
/// has answered its cancel. In every case the buffer comes back: the
/// allocation given (same pointer and capacity), holding exactly the bytes
/// the host did not take, in order, and the count is the host's own answer
/// (one that wins the race with the cancel may report bytes taken).
pub async fn offer(tx: &mut StreamWriter<u8>, buf: Vec<u8>, patience: u32) -> (usize, Vec<u8>) {
    let _ = (tx, buf, patience);
    todo!(
        "lab6 exercise 3: one write on offer for `patience` turns, then cancelled, the buffer back either way (book: ch. 3, Cancelling, dropping, forgetting)"
    )
}
// ANCHOR_END: offer

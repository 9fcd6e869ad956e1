//! Lab 6, exercise 3: offer a buffer for a while, then cancel the write and
//! take the buffer back. Compiled into the wasm guest (guest/), not into the
//! host.

use wit_bindgen::StreamWriter;

// ANCHOR: offer
/// Offers `buf` to the reader in one write, for `patience` turns of the
/// guest's scheduler (`wit_bindgen::yield_async`). If the write has not
/// finished by then, cancels it. Returns how many bytes the reader took and
/// the buffer, holding the bytes it did not take.
pub async fn offer(tx: &mut StreamWriter<u8>, buf: Vec<u8>, patience: u32) -> (usize, Vec<u8>) {
    let _ = (tx, buf, patience);
    todo!(
        "lab6 exercise 3: poll the write, cancel it after `patience` turns, return the buffer (book: ch. 3, Cancelling, dropping, forgetting)"
    )
}
// ANCHOR_END: offer

//! Wrong: yields `patience` times as if the write were already running (a future does nothing until it is polled), then awaits it instead of cancelling, so a write the host does not take is waited for forever (not unsound).
//! Caught by: ex3_cancel::a_write_nobody_reads_is_cancelled_and_the_buffer_comes_back

use wit_bindgen::{StreamResult, StreamWriter};

/// Offers `buf` to the reader in one write, for `patience` turns of the
/// guest's scheduler, then takes the result. Returns how many bytes the
/// reader took and the buffer, holding the bytes it did not take.
pub async fn offer(tx: &mut StreamWriter<u8>, buf: Vec<u8>, patience: u32) -> (usize, Vec<u8>) {
    let write = tx.write(buf);
    // Give the host its turns to read.
    for _ in 0..patience {
        wit_bindgen::yield_async().await;
    }
    let (result, rest) = write.await;
    let taken = match result {
        StreamResult::Complete(n) => n,
        StreamResult::Dropped | StreamResult::Cancelled => 0,
    };
    (taken, rest.into_vec())
}

//! Lab 6, exercise 3 (reference answer): offer a buffer for a while, then
//! cancel the write and take the buffer back.

use std::future::{Future, poll_fn};
use std::pin::pin;
use std::task::Poll;

use wit_bindgen::{StreamResult, StreamWriter};

// ANCHOR: offer
/// Offers `buf` to the reader in one write, for `patience` turns of the
/// guest's scheduler. If the write has not finished by then, cancels it.
/// Returns how many bytes the reader took and the buffer, holding the bytes
/// it did not take.
pub async fn offer(tx: &mut StreamWriter<u8>, buf: Vec<u8>, patience: u32) -> (usize, Vec<u8>) {
    let mut write = pin!(tx.write(buf));
    let mut turns = 0;
    let (result, rest) = loop {
        // Poll once: start the write, or see whether it has finished.
        if let Poll::Ready(done) = poll_fn(|cx| Poll::Ready(write.as_mut().poll(cx))).await {
            break done;
        }
        if turns == patience {
            // Not dropped: `cancel` hands the buffer back.
            break write.as_mut().cancel();
        }
        turns += 1;
        wit_bindgen::yield_async().await;
    };
    let taken = match result {
        StreamResult::Complete(n) => n,
        StreamResult::Dropped | StreamResult::Cancelled => 0,
    };
    (taken, rest.into_vec())
}
// ANCHOR_END: offer

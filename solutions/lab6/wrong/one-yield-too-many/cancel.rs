//! Wrong: polls and yields on each of the turns `0..=patience` before it cancels, so the write stays offered through one yield more than its patience and the host can still take it after the guest should have given up (not unsound).
//! Caught by: ex3_cancel::patience_counts_the_turns_the_write_is_offered
//! Caught by: ex3_cancel::the_last_turn_of_patience_is_still_offered

use std::future::{Future, poll_fn};
use std::pin::pin;
use std::task::Poll;

use wit_bindgen::{StreamResult, StreamWriter};

/// Offers `buf` to the reader in one write, for `patience` turns of the
/// guest's scheduler. If the write has not finished by then, cancels it.
/// Returns how many bytes the reader took and the buffer, holding the bytes
/// it did not take.
pub async fn offer(tx: &mut StreamWriter<u8>, buf: Vec<u8>, patience: u32) -> (usize, Vec<u8>) {
    let mut write = pin!(tx.write(buf));
    let mut finished = None;
    for _ in 0..=patience {
        // Poll once: start the write, or see whether it has finished.
        if let Poll::Ready(done) = poll_fn(|cx| Poll::Ready(write.as_mut().poll(cx))).await {
            finished = Some(done);
            break;
        }
        wit_bindgen::yield_async().await;
    }
    // Not dropped: `cancel` hands the buffer back.
    let (result, rest) = finished.unwrap_or_else(|| write.as_mut().cancel());
    let taken = match result {
        StreamResult::Complete(n) => n,
        StreamResult::Dropped | StreamResult::Cancelled => 0,
    };
    (taken, rest.into_vec())
}

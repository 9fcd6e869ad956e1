//! Wrong: gives up by dropping the pending write, which cancels it but frees the buffer, so the guest must allocate a new one (not unsound).
//! Caught by: ex3_cancel::a_write_nobody_reads_is_cancelled_and_the_buffer_comes_back

use std::future::{Future, poll_fn};
use std::pin::pin;
use std::task::Poll;

use wit_bindgen::{StreamResult, StreamWriter};

/// Offers `buf` for `patience` turns, then drops the write.
pub async fn offer(tx: &mut StreamWriter<u8>, buf: Vec<u8>, patience: u32) -> (usize, Vec<u8>) {
    let mut write = pin!(tx.write(buf));
    for _ in 0..=patience {
        if let Poll::Ready((result, rest)) = poll_fn(|cx| Poll::Ready(write.as_mut().poll(cx))).await {
            let taken = match result {
                StreamResult::Complete(n) => n,
                StreamResult::Dropped | StreamResult::Cancelled => 0,
            };
            return (taken, rest.into_vec());
        }
        wit_bindgen::yield_async().await;
    }
    // Dropping `write` cancels it; the buffer goes with it.
    (0, Vec::new())
}

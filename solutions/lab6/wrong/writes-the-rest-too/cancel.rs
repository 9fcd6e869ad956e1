//! Wrong: after a partial write it goes on writing the rest with `write_buf`, as exercise 1's loop does, within the same patience, so one offer becomes several writes and the host may take more than the one write it was offered (not unsound).
//! Caught by: ex3_cancel::a_partly_taken_write_returns_the_rest

use std::future::{Future, poll_fn};
use std::pin::pin;
use std::task::Poll;

use wit_bindgen::{StreamResult, StreamWriter};

/// Offers `buf` to the reader for `patience` turns of the guest's
/// scheduler, resuming after partial writes. If a write has not finished by
/// then, cancels it. Returns how many bytes the reader took and the buffer,
/// holding the bytes it did not take.
pub async fn offer(tx: &mut StreamWriter<u8>, mut buf: Vec<u8>, patience: u32) -> (usize, Vec<u8>) {
    let mut taken = 0;
    let mut turns = 0;
    loop {
        let (result, rest) = {
            let mut write = pin!(tx.write(buf));
            loop {
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
            }
        };
        buf = rest.into_vec();
        match result {
            StreamResult::Complete(n) => taken += n,
            StreamResult::Dropped | StreamResult::Cancelled => return (taken, buf),
        }
        if buf.is_empty() || turns == patience {
            return (taken, buf);
        }
        // Offer the rest too, in the same allocation.
    }
}

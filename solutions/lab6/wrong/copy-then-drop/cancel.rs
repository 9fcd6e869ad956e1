//! Wrong: keeps a copy of the buffer and gives up by dropping the pending write, which cancels it but loses the count: it reports nothing taken and hands back the copy, even when the host took bytes in answer to the cancel (not unsound).
//! Caught by: ex3_cancel::a_cancel_the_host_answers_with_bytes_reports_them
//! Caught by: ex3_cancel::a_write_nobody_reads_is_cancelled_and_the_buffer_comes_back

use std::future::{Future, poll_fn};
use std::pin::pin;
use std::task::Poll;

use wit_bindgen::{StreamResult, StreamWriter};

/// Offers `buf` to the reader in one write, for `patience` turns of the
/// guest's scheduler. If the write has not finished by then, drops it and
/// returns the copy kept of the buffer.
pub async fn offer(tx: &mut StreamWriter<u8>, buf: Vec<u8>, patience: u32) -> (usize, Vec<u8>) {
    let copy = buf.clone();
    {
        let mut write = pin!(tx.write(buf));
        let mut turns = 0;
        loop {
            // Poll once: start the write, or see whether it has finished.
            if let Poll::Ready((result, rest)) = poll_fn(|cx| Poll::Ready(write.as_mut().poll(cx))).await {
                let taken = match result {
                    StreamResult::Complete(n) => n,
                    StreamResult::Dropped | StreamResult::Cancelled => 0,
                };
                return (taken, rest.into_vec());
            }
            if turns == patience {
                break;
            }
            turns += 1;
            wit_bindgen::yield_async().await;
        }
        // Dropping `write` here cancels it.
    }
    (0, copy)
}

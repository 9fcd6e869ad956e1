//! Lab 6, exercise 4 (reference answer): read from a writer that may be
//! slow, give up on one that is too slow, and lose no byte either way.

use std::future::{Future, poll_fn};
use std::pin::pin;
use std::task::Poll;

use wit_bindgen::{StreamReader, StreamResult};

use crate::Ending;

// ANCHOR: gather
/// Reads from `rx` into `buf`'s spare capacity until it is full, the writer
/// ends the stream, or one read has waited through `patience` yields; then
/// that read is cancelled, not dropped, and whatever the host answered is in
/// the buffer handed back.
pub async fn gather(rx: &mut StreamReader<u8>, mut buf: Vec<u8>, patience: u32) -> (Ending, Vec<u8>) {
    // No room, no read: a zero-length read would only ask whether bytes are ready.
    while buf.len() < buf.capacity() {
        // The read appends to `buf` in place: the host writes into its spare capacity.
        let mut read = pin!(rx.read(buf));
        let mut turns = 0;
        let result = loop {
            // Poll once: start the read, or see whether it has completed.
            if let Poll::Ready(done) = poll_fn(|cx| Poll::Ready(read.as_mut().poll(cx))).await {
                break done;
            }
            if turns == patience {
                // Not dropped: `cancel` waits for the host's answer and hands
                // the buffer back with the bytes that answer brought.
                let (_, back) = read.as_mut().cancel();
                return (Ending::GaveUp, back);
            }
            turns += 1;
            wit_bindgen::yield_async().await;
        };
        let dropped = matches!(result.0, StreamResult::Dropped);
        buf = result.1;
        if dropped {
            return (Ending::Dropped, buf);
        }
    }
    (Ending::Full, buf)
}
// ANCHOR_END: gather

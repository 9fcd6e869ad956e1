//! Wrong: gives up by forgetting the pending write and rebuilding the Vec from a raw pointer to the buffer the host may still read, then drops the writer with the write pending (unsound: the guest owns and frees memory it has lent out).
//! Caught by: ex3_cancel::a_write_nobody_reads_is_cancelled_and_the_buffer_comes_back

use std::future::{Future, poll_fn};
use std::mem::{self, ManuallyDrop};
use std::task::Poll;

use wit_bindgen::{StreamResult, StreamWriter};

/// Offers `buf` for `patience` turns, then forgets the write and keeps the buffer.
pub async fn offer(tx: &mut StreamWriter<u8>, buf: Vec<u8>, patience: u32) -> (usize, Vec<u8>) {
    let mut buf = ManuallyDrop::new(buf);
    let (ptr, len, capacity) = (buf.as_mut_ptr(), buf.len(), buf.capacity());
    // SAFETY: none. The write below owns this allocation too; the copy of
    // the Vec's parts is how this answer gets it back without `cancel`.
    let lent = unsafe { Vec::from_raw_parts(ptr, len, capacity) };
    let mut write = Box::pin(tx.write(lent));
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
    mem::forget(write);
    // SAFETY: none: the host may still read this allocation.
    (0, unsafe { Vec::from_raw_parts(ptr, len, capacity) })
}

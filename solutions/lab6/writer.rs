//! Lab 6, exercise 1 (reference answer): write one chunk through the
//! stream, resuming after partial writes, and hand the same buffer back.

use wit_bindgen::{StreamResult, StreamWriter};

// ANCHOR: write_chunk
/// Writes all of `buf` to `tx`. After a partial write it resumes from the
/// same allocation (`write_buf`), so no byte is copied or allocated. Returns
/// how many bytes the reader took (fewer than `buf.len()` only if it dropped
/// its end) and the buffer, emptied, for the next chunk.
pub async fn write_chunk(tx: &mut StreamWriter<u8>, buf: Vec<u8>) -> (usize, Vec<u8>) {
    let mut taken = 0;
    let (mut result, mut in_flight) = tx.write(buf).await;
    loop {
        match result {
            StreamResult::Complete(n) => taken += n,
            StreamResult::Dropped => break,
            // Nothing here cancels, but a cancelled write is resumed too.
            StreamResult::Cancelled => {}
        }
        if in_flight.remaining() == 0 {
            break;
        }
        (result, in_flight) = tx.write_buf(in_flight).await;
    }
    let mut buf = in_flight.into_vec();
    buf.clear();
    (taken, buf)
}
// ANCHOR_END: write_chunk

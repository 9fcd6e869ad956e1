//! Wrong: hands back the `Vec` from `into_vec()` without clearing it, which is empty after a full write but still holds the bytes the reader never took when the reader dropped its end (not unsound).
//! Caught by: ex1_write_loop::a_reader_that_drops_early_ends_the_loop
//! Caught by: ex2_consumer::host_drops_the_stream_early

use wit_bindgen::{StreamResult, StreamWriter};

/// Writes all of `buf` to `tx`. After a partial write it resumes from the
/// same allocation (`write_buf`), so no byte is copied or allocated. Returns
/// how many bytes the reader took (fewer than `buf.len()` only if it dropped
/// its end) and the buffer for the next chunk.
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
    // `into_vec` gives back what the reader did not take: nothing, surely.
    (taken, in_flight.into_vec())
}

//! Wrong: loops while bytes remain and only counts `Complete(n)`, so once the reader has dropped its end every further write returns `Dropped` at once and the loop never ends: the guest spins without ever handing control back (not unsound).
//! Caught by: ex1_write_loop::a_reader_that_drops_early_ends_the_loop
//! Caught by: ex2_consumer::host_drops_the_stream_early

use wit_bindgen::{StreamResult, StreamWriter};

/// Writes all of `buf` to `tx`. After a partial write it resumes from the
/// same allocation (`write_buf`), so no byte is copied or allocated. Returns
/// how many bytes the reader took and the buffer, emptied, for the next chunk.
pub async fn write_chunk(tx: &mut StreamWriter<u8>, buf: Vec<u8>) -> (usize, Vec<u8>) {
    let mut taken = 0;
    let (mut result, mut in_flight) = tx.write(buf).await;
    loop {
        if let StreamResult::Complete(n) = result {
            taken += n;
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

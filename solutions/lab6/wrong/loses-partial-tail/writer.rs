//! Wrong: one write per chunk, so after a partial write the untaken tail is never sent (not unsound: bytes are lost, no memory is misused).
//! Caught by: ex1_write_loop::partial_writes_lose_nothing
//! Caught by: ex2_consumer::takes_at_most_max_per_read

use wit_bindgen::{StreamResult, StreamWriter};

/// Writes `buf` to `tx` once and hands the buffer back.
pub async fn write_chunk(tx: &mut StreamWriter<u8>, buf: Vec<u8>) -> (usize, Vec<u8>) {
    let len = buf.len();
    let (result, in_flight) = tx.write(buf).await;
    let taken = match result {
        // The reader took some: assume it took everything.
        StreamResult::Complete(_) => len,
        StreamResult::Dropped | StreamResult::Cancelled => 0,
    };
    let mut buf = in_flight.into_vec();
    buf.clear();
    (taken, buf)
}

//! Wrong: after a partial write it copies the untaken tail into a new Vec to write it, an allocation per partial write (not unsound).
//! Caught by: ex1_write_loop::partial_writes_allocate_nothing_either

use wit_bindgen::{StreamResult, StreamWriter};

/// Writes all of `buf` to `tx`, sending a partial write's tail as a copy.
pub async fn write_chunk(tx: &mut StreamWriter<u8>, buf: Vec<u8>) -> (usize, Vec<u8>) {
    let (result, in_flight) = tx.write(buf).await;
    let mut taken = match result {
        StreamResult::Complete(n) => n,
        StreamResult::Dropped | StreamResult::Cancelled => 0,
    };
    let rest = in_flight.remaining();
    let mut buf = in_flight.into_vec();
    if rest > 0 && result != StreamResult::Dropped {
        let tail = buf[..rest].to_vec();
        let unsent = tx.write_all(tail).await;
        taken += rest - unsent.len();
    }
    buf.clear();
    (taken, buf)
}

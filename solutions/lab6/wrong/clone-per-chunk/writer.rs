//! Wrong: writes a clone of every chunk so the caller keeps its buffer, one allocation per chunk (not unsound).
//! Caught by: ex1_write_loop::no_allocation_per_chunk

use wit_bindgen::StreamWriter;

/// Writes a copy of `buf` to `tx` and hands the original back.
pub async fn write_chunk(tx: &mut StreamWriter<u8>, mut buf: Vec<u8>) -> (usize, Vec<u8>) {
    let len = buf.len();
    let unsent = tx.write_all(buf.clone()).await;
    buf.clear();
    (len - unsent.len(), buf)
}

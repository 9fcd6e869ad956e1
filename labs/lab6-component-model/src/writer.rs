//! Lab 6, exercise 1: write one chunk through the stream, resuming after
//! partial writes, and hand the same buffer back. Compiled into the wasm
//! guest (guest/), not into the host.

use wit_bindgen::StreamWriter;

// ANCHOR: write_chunk
/// Writes all of `buf` to `tx`. After a partial write it resumes from the
/// same allocation, so no byte is copied or allocated. Returns how many bytes
/// the reader took (fewer than `buf.len()` only if it dropped its end) and
/// the buffer, emptied, for the next chunk.
pub async fn write_chunk(tx: &mut StreamWriter<u8>, buf: Vec<u8>) -> (usize, Vec<u8>) {
    let _ = (tx, buf);
    todo!(
        "lab6 exercise 1: write the whole chunk with write/write_buf and return the same Vec (book: ch. 3, Buffer in, buffer out)"
    )
}
// ANCHOR_END: write_chunk

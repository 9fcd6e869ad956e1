//! Lab 6, exercise 1: write one chunk through the stream, resuming after
//! partial writes, and hand the same buffer back. Compiled into the wasm
//! guest (guest/), not into the host.

use wit_bindgen::StreamWriter;

// ANCHOR: write_chunk
/// Writes all of `buf` to `tx` and returns how many bytes the reader took,
/// by the reader's own account, with the same `Vec` back, emptied, for the
/// next chunk.
///
/// From the moment a write starts until it completes, the host may read the
/// buffer's bytes in the guest's memory, so the write holds the allocation
/// for that time. A reader may take fewer bytes than it is offered; the rest
/// still go, out of the same allocation: no byte is copied and nothing is
/// allocated per chunk. A reader that has dropped its end takes nothing
/// more, and the count is then fewer than `buf.len()`. The `Vec` handed back
/// is the allocation given (same pointer, same capacity) with length 0,
/// however the write ended.
pub async fn write_chunk(tx: &mut StreamWriter<u8>, buf: Vec<u8>) -> (usize, Vec<u8>) {
    let _ = (tx, buf);
    todo!(
        "lab6 exercise 1: every byte sent from one allocation, the reader's count and the same Vec back (book: ch. 3, Buffer in, buffer out)"
    )
}
// ANCHOR_END: write_chunk

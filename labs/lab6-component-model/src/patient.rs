//! Lab 6, exercise 4 (stretch): read from a writer that may be slow, give up
//! on one that is too slow, and lose no byte either way. Compiled into the
//! wasm guest (guest/), not into the host.

use wit_bindgen::StreamReader;

use crate::Ending;

// ANCHOR: gather
/// Reads from `rx` into `buf`, after the bytes it already holds, until the
/// buffer is full (its length reaches its capacity), the writer ends the
/// stream, or the writer keeps one read waiting for longer than `patience`
/// yields of the guest's scheduler (`wit_bindgen::yield_async`). Returns
/// which of the three ended it (`Full`, `Dropped`, `GaveUp`) and the buffer.
///
/// While a read is pending the host may write into the buffer's spare
/// capacity, in the guest's memory, whenever it likes; the buffer is the
/// caller's again only once that read has completed or the host has
/// answered its cancel, and when this future returns no read is pending.
/// Patience is counted per read: a read is offered from the poll that starts
/// it and through `patience` yields after it, not one more (with `patience`
/// 0 it is still started once), and a read still waiting on the next poll is
/// given up, in that poll; `GaveUp` means a read was given up, whatever the
/// host answered. The host may answer a cancel with bytes. Every byte the
/// host delivered, to a completed read or in answer to a cancel, is in the
/// buffer handed back, in the order the host wrote them, after the bytes it
/// held: none lost, none twice. That buffer is the allocation given (same
/// pointer and capacity); no read is started without room for a byte, so a
/// buffer that comes full is handed back `Full` without reading, and nothing
/// is allocated or copied on the way.
pub async fn gather(rx: &mut StreamReader<u8>, buf: Vec<u8>, patience: u32) -> (Ending, Vec<u8>) {
    let _ = (rx, buf, patience);
    todo!(
        "lab6 exercise 4: fill the buffer from a writer that may be slow, give up on a read after `patience` yields, every delivered byte kept and the buffer back (book: ch. 3, Giving up on a slow writer)"
    )
}
// ANCHOR_END: gather

//! Lab 6, exercise 2: the host takes bytes out of the guest's writes.

use std::pin::Pin;
use std::task::{Context, Poll};

use wasmtime::StoreContextMut;
use wasmtime::component::{Source, StreamConsumer, StreamResult};

use crate::sink::Sink;

// ANCHOR: consumer
impl<D> StreamConsumer<D> for Sink {
    type Item = u8;

    /// Takes at most `max_per_read` bytes (and no more than `limit` in all)
    /// out of the guest's pending write, sends them to `out`, marks them read,
    /// and returns `Dropped` once `limit` bytes were taken, `Completed` before.
    ///
    /// The bytes are in the guest's memory, and the host may read them only
    /// while that write is pending: once the host says how many it took, the
    /// guest's write completes with that number and the buffer is the
    /// guest's again. So what is reported taken is exactly what went to
    /// `out`, as one batch per call, and a call that takes nothing sends
    /// nothing, not even an empty batch. `Dropped` comes in the call that
    /// reaches `limit` and in every call after it; every call answers at
    /// once, never `Pending`, and never `Cancelled`.
    fn poll_consume(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        store: StoreContextMut<D>,
        source: Source<'_, u8>,
        _finish: bool,
    ) -> Poll<wasmtime::Result<StreamResult>> {
        let _ = (self, store, source);
        todo!(
            "lab6 exercise 2: take what the limits allow from the guest's write, report exactly that, drop at the limit (book: ch. 3, The host side in wasmtime)"
        )
    }
}
// ANCHOR_END: consumer

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
    fn poll_consume(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        store: StoreContextMut<D>,
        source: Source<'_, u8>,
        _finish: bool,
    ) -> Poll<wasmtime::Result<StreamResult>> {
        let _ = (self, store, source);
        todo!(
            "lab6 exercise 2: copy at most max_per_read bytes out of the source, mark them read, drop at limit (book: ch. 3, The host side in wasmtime)"
        )
    }
}
// ANCHOR_END: consumer

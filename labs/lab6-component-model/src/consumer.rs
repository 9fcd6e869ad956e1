//! Lab 6, exercise 2 (reference answer): the host takes bytes out of the
//! guest's writes.

use std::pin::Pin;
use std::task::{Context, Poll};

use wasmtime::StoreContextMut;
use wasmtime::component::{Source, StreamConsumer, StreamResult};

use crate::sink::Sink;

// ANCHOR: consumer
impl<D> StreamConsumer<D> for Sink {
    type Item = u8;

    fn poll_consume(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        store: StoreContextMut<D>,
        source: Source<'_, u8>,
        _finish: bool,
    ) -> Poll<wasmtime::Result<StreamResult>> {
        let sink = self.get_mut();
        if sink.taken >= sink.limit {
            return Poll::Ready(Ok(StreamResult::Dropped));
        }
        // The guest's buffer, in the guest's memory, while its write is pending.
        let mut source = source.as_direct(store);
        let offered = source.remaining();
        let n = offered.len().min(sink.max_per_read).min(sink.limit - sink.taken);
        let batch = offered[..n].to_vec();
        // Tell the guest how many bytes we took: its write completes with n.
        source.mark_read(n);
        sink.taken += n;
        // The test owns the receiver; if it is gone, nobody wants the bytes.
        let _ = sink.out.unbounded_send(batch);
        Poll::Ready(Ok(if sink.taken == sink.limit {
            StreamResult::Dropped
        } else {
            StreamResult::Completed
        }))
    }
}
// ANCHOR_END: consumer

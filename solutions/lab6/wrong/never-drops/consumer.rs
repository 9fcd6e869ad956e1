//! Wrong: stops sending at `limit` but keeps the stream open, taking and discarding everything after it (not unsound: the guest never learns the host stopped).
//! Caught by: ex2_consumer::host_drops_the_stream_early

use std::pin::Pin;
use std::task::{Context, Poll};

use wasmtime::StoreContextMut;
use wasmtime::component::{Source, StreamConsumer, StreamResult};

use crate::sink::Sink;

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
        let mut source = source.as_direct(store);
        let offered = source.remaining();
        let n = offered.len().min(sink.max_per_read);
        let keep = n.min(sink.limit - sink.taken);
        let batch = offered[..keep].to_vec();
        source.mark_read(n);
        sink.taken += keep;
        if keep > 0 {
            let _ = sink.out.unbounded_send(batch);
        }
        Poll::Ready(Ok(StreamResult::Completed))
    }
}

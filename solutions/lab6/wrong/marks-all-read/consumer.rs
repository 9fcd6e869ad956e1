//! Wrong: copies at most `max_per_read` bytes but marks the whole write as read, so the rest is lost (not unsound).
//! Caught by: ex2_consumer::takes_at_most_max_per_read

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
        if sink.taken >= sink.limit {
            return Poll::Ready(Ok(StreamResult::Dropped));
        }
        let mut source = source.as_direct(store);
        let offered = source.remaining().len();
        let n = offered.min(sink.max_per_read).min(sink.limit - sink.taken);
        let batch = source.remaining()[..n].to_vec();
        source.mark_read(offered);
        sink.taken += n;
        if n > 0 {
            let _ = sink.out.unbounded_send(batch);
        }
        Poll::Ready(Ok(if sink.taken == sink.limit {
            StreamResult::Dropped
        } else {
            StreamResult::Completed
        }))
    }
}

//! The host: instantiates the guest component and runs its exports with
//! component-model async, collecting what the guest streams back.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures::StreamExt;
use futures::channel::mpsc::{self, UnboundedSender};
use wasmtime::component::{Accessor, HasSelf, Linker, Source, StreamConsumer, StreamReader, StreamResult};
use wasmtime::{Store, StoreContextMut};

use crate::sink::Sink;

/// The host's bindings to `wit/lab6.wit`.
mod bindings {
    #![allow(missing_docs)]
    wasmtime::component::bindgen!({ path: "wit", world: "transform", exports: { default: async } });
}

pub use bindings::Stats as GuestStats;
use bindings::{Transform, TransformImports};

/// What the store holds: the guest's panic messages.
#[derive(Default)]
pub struct HostState {
    panics: Vec<String>,
}

impl TransformImports for HostState {
    fn panicked(&mut self, message: String) {
        self.panics.push(message);
    }
}

/// How the host reads a guest-written stream.
#[derive(Clone, Copy, Debug)]
pub enum Reader {
    /// The student's [`Sink`] (exercise 2), taking at most `max_per_read`
    /// bytes per write and dropping the stream after `limit` bytes.
    Sink {
        /// Bytes per write at most.
        max_per_read: usize,
        /// Bytes in all before the host drops the stream.
        limit: usize,
    },
    /// A given reader with the same two limits, for the graders of exercises
    /// 1 and 3, so that they do not depend on exercise 2. It copies through
    /// wasmtime's `Source::read` rather than reading guest memory in place.
    Given {
        /// Bytes per write at most.
        max_per_read: usize,
        /// Bytes in all before the host drops the stream.
        limit: usize,
    },
    /// Never takes anything: the guest's write stays pending until it cancels.
    Stall,
}

impl Reader {
    /// The student's sink, reading everything as fast as the guest writes.
    pub const ALL: Reader = Reader::Sink { max_per_read: usize::MAX, limit: usize::MAX };
    /// The given reader, reading everything as fast as the guest writes.
    pub const GIVEN_ALL: Reader = Reader::Given { max_per_read: usize::MAX, limit: usize::MAX };
}

/// The bytes the guest's `offer` and `forget-pending` write: `i mod 251`.
pub fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

/// One instance of the guest.
pub struct Lab {
    store: Store<HostState>,
    guest: Transform,
}

impl Lab {
    /// Builds (once per test binary) and instantiates the guest.
    pub fn new() -> Result<Lab, String> {
        let (engine, component) = crate::guest::component()?;
        let mut linker = Linker::new(engine);
        Transform::add_to_linker::<_, HasSelf<HostState>>(&mut linker, |state| state)
            .map_err(|e| format!("{e:#}"))?;
        let mut store = Store::new(engine, HostState::default());
        let guest = futures::executor::block_on(Transform::instantiate_async(&mut store, component, &linker))
            .map_err(|e| format!("instantiating the guest: {e:#}"))?;
        Ok(Lab { store, guest })
    }

    /// Sends `input` through the guest's transform in chunks of `chunk`
    /// bytes, read back with `reader`.
    pub fn transform(&mut self, input: Vec<u8>, chunk: u32, reader: Reader) -> Result<Vec<u8>, String> {
        self.run(async move |acc, guest, out| {
            let input = acc.with(|access| StreamReader::new(access, input))?;
            let rx = guest.call_transform(acc, input, chunk).await?;
            read(acc, rx, reader, out).await
        })
    }

    /// Runs the guest's `offer` of `len` bytes with `patience` turns.
    pub fn offer(&mut self, len: u32, patience: u32, reader: Reader) -> Result<Vec<u8>, String> {
        self.run(async move |acc, guest, out| {
            let rx = guest.call_offer(acc, len, patience).await?;
            read(acc, rx, reader, out).await
        })
    }

    /// Runs the guest's `forget-pending` of `len` bytes, then reads `len` bytes.
    pub fn forget_pending(&mut self, len: u32) -> Result<Vec<u8>, String> {
        self.run(async move |acc, guest, out| {
            let rx = guest.call_forget_pending(acc, len).await?;
            settle().await;
            read(acc, rx, Reader::Given { max_per_read: usize::MAX, limit: len as usize }, out).await
        })
    }

    /// Runs the guest's `produce` (see `wit/lab6.wit`) and returns how many
    /// bytes arrived.
    pub fn produce(&mut self, total: u32, chunk: u32, mode: u8) -> Result<usize, String> {
        let counted = self.run(async move |acc, guest, out| {
            let rx = guest.call_produce(acc, total, chunk, mode).await?;
            let (tx, mut batches) = mpsc::unbounded();
            acc.with(|access| rx.pipe(access, Count(tx)))?;
            let mut n = 0;
            while let Some(batch) = batches.next().await {
                n += batch;
            }
            out.extend_from_slice(&n.to_le_bytes());
            Ok(())
        })?;
        Ok(usize::from_le_bytes(counted.try_into().unwrap_or_default()))
    }

    /// The guest's counters.
    pub fn stats(&mut self) -> Result<GuestStats, String> {
        let call = self.guest.call_stats(&mut self.store);
        futures::executor::block_on(call).map_err(|e| self.explain(e))
    }

    /// Zeroes the guest's counters.
    pub fn reset(&mut self) -> Result<(), String> {
        let call = self.guest.call_reset(&mut self.store);
        futures::executor::block_on(call).map_err(|e| self.explain(e))
    }

    fn run<F>(&mut self, f: F) -> Result<Vec<u8>, String>
    where
        F: AsyncFnOnce(&Accessor<HostState>, &Transform, &mut Vec<u8>) -> wasmtime::Result<()> + Send,
    {
        let Lab { store, guest } = self;
        let run = store.run_concurrent(async move |acc| {
            let mut out = Vec::new();
            f(acc, guest, &mut out).await?;
            // Let the guest finish what the end of the stream woke.
            settle().await;
            wasmtime::Result::<Vec<u8>>::Ok(out)
        });
        match futures::executor::block_on(run) {
            Ok(Ok(out)) => Ok(out),
            Ok(Err(e)) | Err(e) => Err(self.explain(e)),
        }
    }

    /// A trap, with the guest's panic message when it sent one.
    fn explain(&mut self, error: wasmtime::Error) -> String {
        match self.store.data_mut().panics.pop() {
            Some(message) => format!("the guest panicked: {message}"),
            None => format!("{error:?}"),
        }
    }
}

/// Pipes `rx` into `reader` and collects what it takes until the host's end is dropped.
async fn read(
    acc: &Accessor<HostState>,
    rx: StreamReader<u8>,
    reader: Reader,
    out: &mut Vec<u8>,
) -> wasmtime::Result<()> {
    let (tx, mut batches) = mpsc::unbounded();
    match reader {
        Reader::Sink { max_per_read, limit } => {
            let sink = Sink { out: tx, max_per_read, limit, taken: 0 };
            acc.with(|access| rx.pipe(access, sink))?;
        }
        Reader::Given { max_per_read, limit } => {
            let sink = Sink { out: tx, max_per_read, limit, taken: 0 };
            acc.with(|access| rx.pipe(access, Given(sink)))?;
        }
        Reader::Stall => acc.with(|access| rx.pipe(access, Stall(tx)))?,
    }
    while let Some(batch) = batches.next().await {
        out.extend_from_slice(&batch);
    }
    Ok(())
}

/// [`Reader::Given`]: the same state as the student's [`Sink`]; copies at
/// most `max_per_read` bytes out of each write with `Source::read` and drops
/// the stream after `limit` bytes.
struct Given(Sink);

impl<D> StreamConsumer<D> for Given {
    type Item = u8;

    fn poll_consume(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        mut store: StoreContextMut<D>,
        mut source: Source<'_, u8>,
        _finish: bool,
    ) -> Poll<wasmtime::Result<StreamResult>> {
        let given = &mut self.get_mut().0;
        let offered = source.remaining(&mut store);
        let n = offered.min(given.max_per_read).min(given.limit - given.taken);
        // `read` fills the batch's spare capacity, which is exactly `n`.
        let mut batch = Vec::with_capacity(n);
        source.read(&mut store, &mut batch)?;
        given.taken += batch.len();
        if !batch.is_empty() {
            let _ = given.out.unbounded_send(batch);
        }
        let done = given.taken == given.limit;
        Poll::Ready(Ok(if done { StreamResult::Dropped } else { StreamResult::Completed }))
    }
}

/// A consumer that never takes anything; it keeps a sender so the host sees
/// when wasmtime drops it.
struct Stall(#[allow(dead_code)] UnboundedSender<Vec<u8>>);

impl<D> StreamConsumer<D> for Stall {
    type Item = u8;

    fn poll_consume(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        _store: StoreContextMut<D>,
        _source: Source<'_, u8>,
        finish: bool,
    ) -> Poll<wasmtime::Result<StreamResult>> {
        if finish { Poll::Ready(Ok(StreamResult::Cancelled)) } else { Poll::Pending }
    }
}

/// Takes everything and only counts it: the benchmark measures the guest
/// and the stream, not a host-side copy.
struct Count(UnboundedSender<usize>);

impl<D> StreamConsumer<D> for Count {
    type Item = u8;

    fn poll_consume(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        store: StoreContextMut<D>,
        source: Source<'_, u8>,
        _finish: bool,
    ) -> Poll<wasmtime::Result<StreamResult>> {
        let mut source = source.as_direct(store);
        let n = source.remaining().len();
        std::hint::black_box(source.remaining());
        source.mark_read(n);
        let _ = self.0.unbounded_send(n);
        Poll::Ready(Ok(StreamResult::Completed))
    }
}

/// Yields to wasmtime's event loop a few times, so guest tasks that are
/// ready run before the host looks at the guest's counters.
async fn settle() {
    for _ in 0..16 {
        let mut yielded = false;
        std::future::poll_fn(|cx| {
            if yielded {
                Poll::Ready(())
            } else {
                yielded = true;
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        })
        .await;
    }
}

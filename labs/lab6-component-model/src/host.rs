//! The host: instantiates the guest component and runs its exports with
//! component-model async, collecting what the guest streams back.

use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};
use std::time::{Duration, Instant};

use futures::StreamExt;
use futures::channel::mpsc::{self, UnboundedSender};
use wasmtime::component::{Accessor, HasSelf, Linker, Source, StreamConsumer, StreamReader, StreamResult};
use wasmtime::{Store, StoreContextMut, Trap};

use crate::sink::Sink;

/// The host's bindings to `wit/lab6.wit`.
mod bindings {
    #![allow(missing_docs)]
    wasmtime::component::bindgen!({ path: "wit", world: "transform", exports: { default: async } });
}

pub use bindings::Stats as GuestStats;
use bindings::{Transform, TransformImports};

/// How long one call into the guest may take, from the host's side and
/// inside the guest, before the host gives up on it.
pub const RUN_LIMIT: Duration = Duration::from_secs(15);

/// What the store holds: the guest's panic messages, and the turns of its
/// `offer` as the given reader [`Reader::Late`] sees them.
#[derive(Default)]
pub struct HostState {
    panics: Vec<String>,
    /// How many times the guest's `offer` export polled the student's future.
    turns: u32,
    /// Woken on the next turn: the given reader waiting for turns to pass.
    turn_waker: Option<Waker>,
    /// What the given readers saw of the guest's writes.
    seen: Seen,
    /// The length of every batch the reader sent to its `out`, in order.
    batches: Vec<usize>,
}

/// What the given readers saw of the guest's writes in one call, turns
/// counted as the polls of the student's `offer` future (the first poll is
/// turn 1, each later one follows one `yield_async`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Seen {
    /// Writes the guest started.
    pub writes: u32,
    /// The turn on which the first write started.
    pub started: Option<u32>,
    /// The turn on which the guest first asked to cancel a write (wasmtime
    /// calls the reader with `finish`); a dropped write asks the same way.
    pub cancel_asked: Option<u32>,
}

impl TransformImports for HostState {
    fn panicked(&mut self, message: String) {
        self.panics.push(message);
    }

    fn turn(&mut self) {
        self.turns += 1;
        if let Some(waker) = self.turn_waker.take() {
            waker.wake();
        }
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
    /// Never takes anything: the guest's write stays pending until it
    /// cancels, and the cancel is answered with `Cancelled`.
    Stall,
    /// A given reader that lets the guest's turns go by (for exercise 3):
    /// a write stays pending until the guest's `yields`-th yield after the
    /// write started, when the reader takes up to `take` bytes of it (none
    /// if `take` is 0). If the guest cancels first, the reader takes up to
    /// `on_cancel` bytes in answer (the host winning the race), or answers
    /// `Cancelled` if that is 0.
    Late {
        /// Which yield after the write started the reader wakes on (0: at once).
        yields: u32,
        /// Bytes it then takes at most.
        take: usize,
        /// Bytes it takes at most when the guest cancels first.
        on_cancel: usize,
    },
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

/// What the host saw of one run of the guest's `offer`.
#[derive(Debug)]
pub struct Offered {
    /// The bytes the host received.
    pub got: Vec<u8>,
    /// How many times the guest polled the student's `offer` future.
    pub turns: u32,
    /// What the reader saw.
    pub seen: Seen,
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
        store.set_epoch_deadline(epoch_ticks());
        let guest = block_on_for(Transform::instantiate_async(&mut store, component, &linker), RUN_LIMIT)
            .map_err(|stuck| stuck.explain("instantiating the guest"))?
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
    pub fn offer(&mut self, len: u32, patience: u32, reader: Reader) -> Result<Offered, String> {
        let got = self.run(async move |acc, guest, out| {
            let rx = guest.call_offer(acc, len, patience).await?;
            read(acc, rx, reader, out).await
        })?;
        let state = self.store.data();
        Ok(Offered { got, turns: state.turns, seen: state.seen })
    }

    /// Runs the guest's `empty-write` of `len` bytes (a zero-length write
    /// first) and returns what arrived and the length of every batch `reader`
    /// sent to its `out`.
    pub fn empty_write(&mut self, len: u32, reader: Reader) -> Result<(Vec<u8>, Vec<usize>), String> {
        let got = self.run(async move |acc, guest, out| {
            let rx = guest.call_empty_write(acc, len).await?;
            read(acc, rx, reader, out).await
        })?;
        Ok((got, self.store.data().batches.clone()))
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
        self.store.set_epoch_deadline(epoch_ticks());
        let call = self.guest.call_stats(&mut self.store);
        let stats = block_on_for(call, RUN_LIMIT).map_err(|stuck| stuck.explain("the guest's stats"))?;
        stats.map_err(|e| self.explain(e))
    }

    /// Zeroes the guest's counters.
    pub fn reset(&mut self) -> Result<(), String> {
        self.store.set_epoch_deadline(epoch_ticks());
        let call = self.guest.call_reset(&mut self.store);
        let done = block_on_for(call, RUN_LIMIT).map_err(|stuck| stuck.explain("the guest's reset"))?;
        done.map_err(|e| self.explain(e))
    }

    fn run<F>(&mut self, f: F) -> Result<Vec<u8>, String>
    where
        F: AsyncFnOnce(&Accessor<HostState>, &Transform, &mut Vec<u8>) -> wasmtime::Result<()> + Send,
    {
        let Lab { store, guest } = self;
        *store.data_mut() = HostState::default();
        store.set_epoch_deadline(epoch_ticks());
        let run = store.run_concurrent(async move |acc| {
            let mut out = Vec::new();
            f(acc, guest, &mut out).await?;
            // Let the guest finish what the end of the stream woke.
            settle().await;
            wasmtime::Result::<Vec<u8>>::Ok(out)
        });
        match block_on_for(run, RUN_LIMIT) {
            Ok(Ok(Ok(out))) => Ok(out),
            Ok(Ok(Err(e)) | Err(e)) => Err(self.explain(e)),
            Err(stuck) => Err(stuck.explain("the guest's call")),
        }
    }

    /// A trap, with the guest's panic message when it sent one.
    fn explain(&mut self, error: wasmtime::Error) -> String {
        if let Some(message) = self.store.data_mut().panics.pop() {
            // The guest names its files from guest/ (`src/../../src/cancel.rs`);
            // say them from the repository's root, as the student sees them.
            let message = message
                .replace("src/../../src/", "labs/lab6-component-model/src/")
                .replace("src/../../../../solutions/", "solutions/");
            return format!("the guest panicked: {message}");
        }
        if error.downcast_ref::<Trap>() == Some(&Trap::Interrupt) {
            return format!(
                "the guest ran for {RUN_LIMIT:?} without handing control back to the host: \
                 an endless loop in the guest ({error:?})"
            );
        }
        format!("{error:?}")
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
        Reader::Stall => {
            let late = Late { out: tx, yields: u32::MAX, take: 0, on_cancel: 0, since: None };
            acc.with(|access| rx.pipe(access, late))?;
        }
        Reader::Late { yields, take, on_cancel } => {
            let late = Late { out: tx, yields, take, on_cancel, since: None };
            acc.with(|access| rx.pipe(access, late))?;
        }
    }
    while let Some(batch) = batches.next().await {
        acc.with(|mut access| access.data_mut().batches.push(batch.len()));
        out.extend_from_slice(&batch);
    }
    Ok(())
}

/// Fails the test with the message, without the host's backtrace: the
/// message is about the guest (its panic, its trap).
pub use timed_run::fail;

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

/// [`Reader::Late`] and [`Reader::Stall`]: keeps a write pending while the
/// guest's turns go by, counting them with the `turn` import, and records
/// what it saw in [`HostState::seen`].
struct Late {
    out: UnboundedSender<Vec<u8>>,
    yields: u32,
    take: usize,
    on_cancel: usize,
    /// The turn on which the pending write started.
    since: Option<u32>,
}

impl Late {
    /// Copies up to `most` bytes out of the pending write.
    fn take(
        &mut self,
        store: &mut StoreContextMut<HostState>,
        source: &mut Source<'_, u8>,
        most: usize,
    ) -> wasmtime::Result<usize> {
        let n = source.remaining(&mut *store).min(most);
        let mut batch = Vec::with_capacity(n);
        source.read(&mut *store, &mut batch)?;
        let n = batch.len();
        if n > 0 {
            let _ = self.out.unbounded_send(batch);
        }
        Ok(n)
    }
}

impl StreamConsumer<HostState> for Late {
    type Item = u8;

    fn poll_consume(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        mut store: StoreContextMut<HostState>,
        mut source: Source<'_, u8>,
        finish: bool,
    ) -> Poll<wasmtime::Result<StreamResult>> {
        let late = self.get_mut();
        let state = store.data_mut();
        let turn = state.turns;
        let first_call = late.since.is_none();
        if first_call {
            // wasmtime calls a consumer first from inside the guest's
            // `stream.write`, on the turn the write starts (the given guest
            // code lets the host attach this reader before the student's
            // first turn).
            state.seen.writes += 1;
            state.seen.started.get_or_insert(turn);
            late.since = Some(turn);
        }
        let since = late.since.unwrap_or(turn);
        if finish {
            state.seen.cancel_asked.get_or_insert(turn);
            late.since = None;
            let most = late.on_cancel;
            return Poll::Ready(
                late.take(&mut store, &mut source, most)
                    .map(|n| if n == 0 { StreamResult::Cancelled } else { StreamResult::Completed }),
            );
        }
        // Every later call comes from the host's event loop, which runs only
        // while the guest has handed control back: on turn `turn`, the guest
        // has yielded `turn - since + 1` times since the write started.
        let due = if first_call { late.yields == 0 } else { turn - since + 1 >= late.yields };
        if due && late.take > 0 {
            late.since = None;
            let most = late.take;
            return Poll::Ready(late.take(&mut store, &mut source, most).map(|_| StreamResult::Completed));
        }
        store.data_mut().turn_waker = Some(cx.waker().clone());
        Poll::Pending
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

/// The epoch deadline for one call: [`RUN_LIMIT`] in ticks of the engine's clock.
fn epoch_ticks() -> u64 {
    (RUN_LIMIT.as_millis() / crate::guest::EPOCH_TICK.as_millis()) as u64
}

/// Wakes the thread that runs [`block_on_for`].
struct Unpark {
    thread: Thread,
    woken: AtomicBool,
}

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::Release);
        self.thread.unpark();
    }
}

/// Why [`block_on_for`] gave up.
#[derive(Debug)]
enum Stuck {
    /// Nothing woke the future for [`IDLE_LIMIT`]: everything that could
    /// wake it runs on this thread, so the guest and the host wait for each other.
    Idle,
    /// The future kept waking up but did not finish within the limit.
    Busy,
}

impl Stuck {
    /// What a test prints.
    fn explain(&self, what: &str) -> String {
        match self {
            Stuck::Idle => format!(
                "{what}: the guest and the host were both waiting, and nothing could wake either \
                 (the guest awaits something that never comes)"
            ),
            Stuck::Busy => {
                format!("{what} did not finish within {RUN_LIMIT:?} (does the guest yield forever?)")
            }
        }
    }
}

/// How long the host waits for a wake-up before it calls the run stuck:
/// the guest, wasmtime and the host all run on the test's thread, so a
/// future that is not woken at once will never be.
const IDLE_LIMIT: Duration = Duration::from_secs(2);

/// Runs `future` on this thread for at most `limit`.
fn block_on_for<F: Future>(future: F, limit: Duration) -> Result<F::Output, Stuck> {
    let deadline = Instant::now() + limit;
    let unpark = Arc::new(Unpark { thread: thread::current(), woken: AtomicBool::new(false) });
    let waker = Waker::from(unpark.clone());
    let mut cx = Context::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return Ok(output);
        }
        let idle_since = Instant::now();
        while !unpark.woken.swap(false, Ordering::Acquire) {
            let now = Instant::now();
            if now >= idle_since + IDLE_LIMIT {
                return Err(Stuck::Idle);
            }
            thread::park_timeout(idle_since + IDLE_LIMIT - now);
        }
        if Instant::now() >= deadline {
            return Err(Stuck::Busy);
        }
    }
}

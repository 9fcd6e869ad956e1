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
use wasmtime::component::{
    Accessor, Destination, HasSelf, Linker, Source, StreamConsumer, StreamProducer, StreamReader,
    StreamResult, VecBuffer,
};
use wasmtime::{Store, StoreContextMut, Trap};

use crate::sink::Sink;

/// The host's bindings to `wit/lab6.wit`.
mod bindings {
    #![allow(missing_docs)]
    wasmtime::component::bindgen!({ path: "wit", world: "transform", exports: { default: async } });
}

pub use bindings::Ending;
pub use bindings::Stats as GuestStats;
use bindings::{Transform, TransformImports};

/// How long one call into the guest may take, from the host's side and
/// inside the guest, before the host gives up on it.
pub const RUN_LIMIT: Duration = Duration::from_secs(5);

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
    /// What the given writer [`Feed`] saw of the guest's reads.
    fed: Fed,
    /// Whether the student's `gather` has returned (the `returned` import).
    gather_returned: bool,
}

/// What the given writer [`Feed`] saw of the guest's reads in one call of
/// `gather`, turns counted as the polls of the student's `gather` future
/// (the first poll is turn 1, each later one follows one `yield_async`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fed {
    /// Reads the guest started.
    pub reads: u32,
    /// Reads the guest started with no room for a byte.
    pub empty_reads: u32,
    /// The turn on which the last read started.
    pub last_started: Option<u32>,
    /// Bytes the writer wrote into the guest's reads, in answer to cancels too.
    pub delivered: usize,
    /// Cancels the guest asked for (wasmtime calls the writer with `finish`;
    /// dropping a pending read asks the same way).
    pub cancels: u32,
    /// The turn on which the guest first asked to cancel a read.
    pub cancel_asked: Option<u32>,
    /// Whether a read was pending when the student's `gather` returned.
    pub pending_at_return: bool,
    /// Calls wasmtime made to the writer for a read after `gather` returned.
    pub asked_after_return: u32,
    /// Whether a read is pending now.
    pending: bool,
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

    fn returned(&mut self) {
        self.gather_returned = true;
        self.fed.pending_at_return = self.fed.pending;
        // A read left pending meets its writer again.
        if let Some(waker) = self.turn_waker.take() {
            waker.wake();
        }
    }
}

/// The given writer of `gather`'s input: writes the bytes `i mod 251` (`i`
/// counted over the whole stream) straight into the guest's reads, as
/// slowly as it is told.
#[derive(Clone, Copy, Debug)]
pub struct Feed {
    /// Bytes it has to give in all.
    pub total: usize,
    /// Bytes it gives one read at most.
    pub per_read: usize,
    /// Which yield after a read started it answers the read on (0: at once,
    /// inside the guest's `stream.read`).
    pub yields: u32,
    /// Once it has given this many bytes it answers no read any more, only
    /// cancels (`usize::MAX`: it never stalls).
    pub stall_after: usize,
    /// Bytes it gives at most when the guest cancels a read (0: it answers
    /// `Cancelled`).
    pub on_cancel: usize,
    /// Whether it ends the stream once all `total` bytes are given (with the
    /// last of them); if not, later reads wait for ever.
    pub then_drop: bool,
}

impl Feed {
    /// Gives `per_read` bytes to every read at once, and never ends.
    pub const fn prompt(per_read: usize) -> Feed {
        Feed {
            total: usize::MAX,
            per_read,
            yields: 0,
            stall_after: usize::MAX,
            on_cancel: 0,
            then_drop: false,
        }
    }
}

/// What the host saw of one run of the guest's `gather`.
#[derive(Debug)]
pub struct Gathered {
    /// Why the student's `gather` stopped.
    pub ending: Ending,
    /// The bytes of the buffer it handed back.
    pub bytes: Vec<u8>,
    /// Whether that buffer is the allocation it was lent.
    pub same_allocation: bool,
    /// Heap allocations made while it ran.
    pub allocations: u64,
    /// How many times the guest polled the student's `gather` future.
    pub turns: u32,
    /// What the writer saw.
    pub fed: Fed,
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

    /// Runs the guest's `gather` of `input` written by `feed`, into a buffer
    /// of `capacity` bytes that holds `held` bytes of 0xa5, with `patience`.
    pub fn gather(
        &mut self,
        feed: Feed,
        capacity: u32,
        held: u32,
        patience: u32,
    ) -> Result<Gathered, String> {
        let mut got = None;
        let run = self.run(async |acc, guest, _out| {
            let input = acc.with(|access| StreamReader::new(access, Feeder { feed, since: None }))?;
            got = Some(guest.call_gather(acc, input, capacity, held, patience).await?);
            Ok(())
        });
        let fed = self.store.data().fed;
        let turns = self.store.data().turns;
        if let Err(e) = run {
            if fed.pending_at_return {
                return Err(format!(
                    "gather returned while one of its reads was still pending (forgotten, not cancelled?), \
                     so the host could still write into the guest's memory; then: {e}"
                ));
            }
            return Err(e);
        }
        let got = got.ok_or("the guest's gather returned nothing")?;
        Ok(Gathered {
            ending: got.ending,
            bytes: got.bytes,
            same_allocation: got.same_allocation,
            allocations: got.allocations,
            turns,
            fed,
        })
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

/// [`Feed`] at work: the producer of the host-written stream `gather` reads.
struct Feeder {
    feed: Feed,
    /// The turn on which the pending read started.
    since: Option<u32>,
}

impl Feeder {
    /// Writes up to `most` bytes of the pattern straight into the guest's
    /// read (not past `stall_after`, unless in answer to a cancel), counts
    /// them, and returns how many.
    fn give(
        &mut self,
        mut store: StoreContextMut<'_, HostState>,
        destination: Destination<'_, u8, VecBuffer<u8>>,
        most: usize,
        finish: bool,
    ) -> usize {
        let room = destination.remaining(&mut store).unwrap_or(0);
        let fed = &mut store.data_mut().fed;
        let from = fed.delivered;
        let n = room.min(most).min(self.feed.total - from);
        let n = if finish { n } else { n.min(self.feed.stall_after.saturating_sub(from)) };
        fed.delivered += n;
        if n > 0 {
            let mut direct = destination.as_direct(store, 0);
            for (i, byte) in direct.remaining()[..n].iter_mut().enumerate() {
                *byte = ((from + i) % 251) as u8;
            }
            direct.mark_written(n);
        }
        n
    }

    /// The read is answered: the next call starts another.
    fn answered(&mut self, state: &mut HostState) {
        self.since = None;
        state.fed.pending = false;
    }
}

impl StreamProducer<HostState> for Feeder {
    type Item = u8;
    type Buffer = VecBuffer<u8>;

    fn poll_produce<'a>(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        mut store: StoreContextMut<'a, HostState>,
        destination: Destination<'a, u8, VecBuffer<u8>>,
        finish: bool,
    ) -> Poll<wasmtime::Result<StreamResult>> {
        let feeder = self.get_mut();
        let feed = feeder.feed;
        let room = destination.remaining(&mut store).unwrap_or(0);
        let state = store.data_mut();
        let turn = state.turns;
        if state.gather_returned {
            state.fed.asked_after_return += 1;
        }
        let first_call = feeder.since.is_none();
        if first_call {
            // wasmtime calls a producer first from inside the guest's
            // `stream.read`, on the turn the read starts.
            state.fed.reads += 1;
            state.fed.last_started = Some(turn);
            state.fed.pending = true;
            if room == 0 {
                state.fed.empty_reads += 1;
            }
            feeder.since = Some(turn);
        }
        let since = feeder.since.unwrap_or(turn);
        let left = feed.total - state.fed.delivered;
        if finish {
            state.fed.cancels += 1;
            state.fed.cancel_asked.get_or_insert(turn);
            feeder.answered(state);
            let n = feeder.give(store, destination, feed.on_cancel, true);
            return Poll::Ready(Ok(if n == 0 { StreamResult::Cancelled } else { StreamResult::Completed }));
        }
        if left == 0 && feed.then_drop {
            feeder.answered(state);
            return Poll::Ready(Ok(StreamResult::Dropped));
        }
        if room == 0 {
            // A zero-length read asks only whether bytes are ready: yes.
            feeder.answered(state);
            return Poll::Ready(Ok(StreamResult::Completed));
        }
        // As for `Late`: a later call comes from the host's event loop while
        // the guest has yielded, `turn - since + 1` times since the read started.
        let due = if first_call { feed.yields == 0 } else { turn - since + 1 >= feed.yields };
        if due && left > 0 && state.fed.delivered < feed.stall_after {
            feeder.answered(state);
            let n = feeder.give(store, destination, feed.per_read, false);
            let ended = feed.then_drop && n == left;
            return Poll::Ready(Ok(if ended { StreamResult::Dropped } else { StreamResult::Completed }));
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

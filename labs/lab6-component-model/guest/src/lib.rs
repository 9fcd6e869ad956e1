//! Lab 6's WebAssembly component: the given guest code around the student's
//! three guest files, `src/writer.rs` (exercise 1), `src/cancel.rs`
//! (exercise 3) and `src/patient.rs` (exercise 4), or the reference answers
//! with the `solution` feature.

mod counting;

#[cfg_attr(feature = "solution", path = "../../../../solutions/lab6/writer.rs")]
#[cfg_attr(not(feature = "solution"), path = "../../src/writer.rs")]
mod writer;

#[cfg_attr(feature = "solution", path = "../../../../solutions/lab6/cancel.rs")]
#[cfg_attr(not(feature = "solution"), path = "../../src/cancel.rs")]
mod cancel;

#[cfg_attr(feature = "solution", path = "../../../../solutions/lab6/patient.rs")]
#[cfg_attr(not(feature = "solution"), path = "../../src/patient.rs")]
mod patient;

wit_bindgen::generate!({ path: "../wit", world: "transform" });

use std::future::{Future, poll_fn};
use std::mem;
use std::pin::pin;
use std::sync::Once;
use std::task::Poll;

use wit_bindgen::{StreamReader, StreamResult};

use counting::{ALLOCATIONS, Counters, Lent};

/// The bytes `offer` and `forget-pending` write: `i mod 251`.
fn pattern(len: u32) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

/// The bytes `gather`'s buffer holds before the student's code reads into it.
const HELD: u8 = 0xa5;

/// FNV-1a over the bytes the transform read.
struct Checksum(u64);

impl Checksum {
    fn add(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// Sends guest panics to the host before the guest traps.
fn report_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| panicked(&info.to_string())));
    });
}

struct Lab6;

impl Guest for Lab6 {
    async fn transform(mut input: StreamReader<u8>, chunk: u32) -> StreamReader<u8> {
        report_panics();
        let (mut tx, rx) = wit_stream::new::<u8>();
        wit_bindgen::spawn_local(async move {
            let mut buf: Vec<u8> = Vec::with_capacity(chunk.max(8) as usize);
            let mut sum = Checksum(0xcbf2_9ce4_8422_2325);
            loop {
                let (result, back) = input.read(buf).await;
                buf = back;
                if result == StreamResult::Dropped && buf.is_empty() {
                    break;
                }
                sum.add(&buf);
                buf.iter_mut().for_each(|b| *b ^= 0x5a);
                let (len, lent) = (buf.len(), Lent::of(&buf));
                let (taken, back) = writer::write_chunk(&mut tx, buf).await;
                buf = back;
                Counters::wrote_chunk(taken, lent, &buf);
                if taken < len {
                    return; // the reader is gone
                }
                buf.clear();
            }
            buf.clear();
            buf.extend_from_slice(&sum.0.to_le_bytes());
            let lent = Lent::of(&buf);
            let (taken, back) = writer::write_chunk(&mut tx, buf).await;
            Counters::wrote_chunk(taken, lent, &back);
        });
        rx
    }

    async fn offer(len: u32, patience: u32) -> StreamReader<u8> {
        report_panics();
        let (mut tx, rx) = wit_stream::new::<u8>();
        wit_bindgen::spawn_local(async move {
            // The host attaches its reader once `offer` has returned the
            // stream: give it that turn, so the student's write finds the
            // reader there (this yield is not one of the student's turns).
            wit_bindgen::yield_async().await;
            let buf = pattern(len);
            let lent = Lent::of(&buf);
            // Tell the host about every poll of the student's future: the
            // first starts the write, each later one follows a yield.
            let mut offering = pin!(cancel::offer(&mut tx, buf, patience));
            let (taken, back) = poll_fn(|cx| {
                turn();
                offering.as_mut().poll(cx)
            })
            .await;
            Counters::offered(len, taken, lent, &back);
        });
        rx
    }

    async fn empty_write(len: u32) -> StreamReader<u8> {
        report_panics();
        let (mut tx, rx) = wit_stream::new::<u8>();
        wit_bindgen::spawn_local(async move {
            // Let the host attach its reader first, as in `offer`.
            wit_bindgen::yield_async().await;
            // A zero-length `stream.write`: the reader is called with nothing.
            let (result, _) = tx.write(Vec::new()).await;
            assert!(matches!(result, StreamResult::Complete(0)), "a zero-length write ended with {result:?}");
            tx.write_all(pattern(len)).await;
        });
        rx
    }

    async fn forget_pending(len: u32) -> StreamReader<u8> {
        report_panics();
        let (mut tx, rx) = wit_stream::new::<u8>();
        wit_bindgen::spawn_local(async move {
            let mut write = Box::pin(tx.write(pattern(len)));
            // Start the write: the host has not read yet, so it stays pending.
            let started = std::future::poll_fn(|cx| Poll::Ready(write.as_mut().poll(cx).is_pending()));
            assert!(started.await, "the write finished before the host read");
            // Forget it: its Vec is never freed, so the host's later read
            // finds the bytes still there. Dropping the writer with a write
            // pending would trap, so it is forgotten too.
            mem::forget(write);
            mem::forget(tx);
            // Tempt the allocator: fresh buffers filled with 0xee.
            for _ in 0..8 {
                let junk = vec![0xee_u8; len as usize];
                std::hint::black_box(&junk);
            }
        });
        rx
    }

    async fn produce(total: u32, chunk: u32, mode: u8) -> StreamReader<u8> {
        report_panics();
        let (mut tx, rx) = wit_stream::new::<u8>();
        wit_bindgen::spawn_local(async move {
            let chunk = chunk.max(1) as usize;
            let mut left = total as usize;
            // Mode 0's one buffer, and mode 2's buffer that stays with the guest.
            let mut buf = Vec::with_capacity(chunk);
            let mut kept = vec![0_u8; chunk];
            let mut tag = 0_u8;
            while left > 0 {
                let n = left.min(chunk);
                tag = tag.wrapping_add(1);
                // Every mode produces the chunk with one memset.
                let (taken, back) = match mode {
                    0 => {
                        buf.resize(n, tag);
                        writer::write_chunk(&mut tx, mem::take(&mut buf)).await
                    }
                    1 => {
                        let unsent = tx.write_all(vec![tag; n]).await;
                        (n - unsent.len(), Vec::new())
                    }
                    _ => {
                        kept.fill(tag);
                        let unsent = tx.write_all(kept[..n].to_vec()).await;
                        (n - unsent.len(), Vec::new())
                    }
                };
                buf = back;
                if taken < n {
                    return;
                }
                left -= n;
            }
        });
        rx
    }

    async fn gather(mut input: StreamReader<u8>, capacity: u32, held: u32, patience: u32) -> Gathered {
        report_panics();
        let mut buf = Vec::with_capacity(capacity as usize);
        buf.resize(held.min(capacity) as usize, HELD);
        let lent = Lent::of(&buf);
        let before = ALLOCATIONS.count();
        let (ending, back) = {
            // Tell the host about every poll of the student's future, as in `offer`.
            let mut gathering = pin!(patient::gather(&mut input, buf, patience));
            poll_fn(|cx| {
                turn();
                gathering.as_mut().poll(cx)
            })
            .await
        };
        let allocations = ALLOCATIONS.count() - before;
        // From here on no read may be pending: the host counts any call it
        // gets for one, and these yields give it the chance.
        returned();
        for _ in 0..4 {
            wit_bindgen::yield_async().await;
        }
        drop(input);
        Gathered { ending, same_allocation: Lent::of(&back) == lent, allocations, bytes: back }
    }

    fn stats() -> Stats {
        Counters::read()
    }

    fn reset() {
        Counters::reset();
        ALLOCATIONS.reset();
    }
}

export!(Lab6);

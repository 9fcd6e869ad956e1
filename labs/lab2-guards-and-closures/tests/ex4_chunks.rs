//! Exercise 4 (stretch): `for_each_chunk_mut` hands every chunk of a
//! borrowed buffer to `f` exactly once, on worker threads that work at the
//! same time, never touches an element outside the buffer or after it
//! returned, and passes the first chunk's panic on only once every worker
//! has stopped.

mod support;

use std::any::Any;
use std::collections::HashSet;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

use lab2::chunks::for_each_chunk_mut;
use support::{LATE, message, within};

/// One element of a test buffer: its index in the buffer, and how many times
/// `f` was handed it.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Slot {
    index: usize,
    visits: u32,
}

/// `len` slots numbered from 0, none visited yet.
fn slots(len: usize) -> Vec<Slot> {
    (0..len).map(|index| Slot { index, visits: 0 }).collect()
}

/// The chunks, as `(start, len)`, that `len` elements in chunks of `chunk` are.
fn expected_chunks(len: usize, chunk: usize) -> Vec<(usize, usize)> {
    (0..len).step_by(chunk).map(|start| (start, chunk.min(len - start))).collect()
}

/// Visits every slot of a chunk, and says what was wrong with the chunk if
/// its slots are not `buf[start..start + len]` (relative to `offset`, the
/// index of `buf`'s first slot).
fn visit(start: usize, part: &mut [Slot], offset: usize) -> Option<String> {
    let mut wrong = None;
    for (j, slot) in part.iter_mut().enumerate() {
        if slot.index != offset + start + j && wrong.is_none() {
            wrong = Some(format!(
                "f(start = {start}, ..) got element {} at position {j} of its slice: the slice must be \
                 buf[start..start + its length], so that position holds element {}",
                slot.index - offset,
                start + j
            ));
        }
        slot.visits += 1;
    }
    wrong
}

#[test]
fn every_element_is_handed_to_f_exactly_once() {
    within(|| {
        // (elements, chunk, workers): uneven, even, one short chunk, empty,
        // one element per chunk, one chunk for one worker.
        for (len, chunk, workers) in [(23, 5, 3), (20, 5, 2), (3, 8, 2), (0, 4, 2), (7, 1, 4), (16, 16, 1)] {
            let mut buf = slots(len);
            let calls = Mutex::new(Vec::new());
            let wrong = Mutex::new(None);
            for_each_chunk_mut(&mut buf, chunk, workers, |start, part| {
                calls.lock().unwrap().push((start, part.len()));
                if let Some(why) = visit(start, part, 0) {
                    wrong.lock().unwrap().get_or_insert(why);
                }
            });
            let mut calls = calls.into_inner().unwrap();
            calls.sort();
            assert_eq!(
                calls,
                expected_chunks(len, chunk),
                "with {len} elements, chunk = {chunk}, workers = {workers}: f was called with these (start, len), \
                 sorted; the chunks are `chunk` elements each from the start of buf, the last one shorter, \
                 each handed to f once"
            );
            if let Some(why) = wrong.into_inner().unwrap() {
                panic!("with {len} elements, chunk = {chunk}, workers = {workers}: {why}");
            }
            for slot in &buf {
                assert_eq!(
                    slot.visits, 1,
                    "with {len} elements, chunk = {chunk}, workers = {workers}: element {} was handed to f {} \
                     times; every element exactly once",
                    slot.index, slot.visits
                );
            }
        }
    });
}

#[test]
fn many_tiny_chunks_are_each_handed_out_once() {
    within(|| {
        // One element per chunk and a cheap `f`: the workers claim chunks as
        // fast as they can, all at once, many times over.
        let len = if cfg!(miri) { 64 } else { 20_000 };
        for round in 0..if cfg!(miri) { 1 } else { 50 } {
            let mut visits = vec![0u8; len];
            for_each_chunk_mut(&mut visits, 1, 4, |_, part| part[0] += 1);
            if let Some(i) = visits.iter().position(|&n| n != 1) {
                panic!(
                    "in round {round}, element {i} of {len} (one per chunk, 4 workers) was handed to f {} times: \
                     two workers claimed the same chunk, or none did; each chunk must go to exactly one worker",
                    visits[i]
                );
            }
        }
    });
}

#[test]
fn f_never_sees_an_element_outside_buf() {
    within(|| {
        // `buf` is the middle of a larger vector: 22 elements, the last
        // chunk 2 long.
        let mut whole = slots(40);
        let calls = Mutex::new(Vec::new());
        for_each_chunk_mut(&mut whole[8..30], 5, 3, |start, part| {
            calls.lock().unwrap().push((start, part.len()));
            visit(start, part, 8);
        });
        for slot in whole[..8].iter().chain(&whole[30..]) {
            assert_eq!(
                slot.visits,
                0,
                "buf was elements 8..30 of a larger vector, and f was handed element {} of that vector, outside \
                 buf: a chunk must end at the end of buf (f got the chunks (start, len) {:?})",
                slot.index,
                calls.lock().unwrap()
            );
        }
        let visited: Vec<u32> = whole[8..30].iter().map(|slot| slot.visits).collect();
        assert_eq!(visited, [1; 22], "every element of buf must be handed to f exactly once");
    });
}

#[test]
fn every_call_runs_on_a_worker_thread_and_at_most_workers_threads() {
    within(|| {
        let caller = thread::current().id();
        let mut buf = [0u8; 40];
        let threads: Mutex<Vec<(usize, ThreadId)>> = Mutex::new(Vec::new());
        for_each_chunk_mut(&mut buf, 2, 3, |start, part| {
            threads.lock().unwrap().push((start, thread::current().id()));
            part.fill(1);
        });
        let threads = threads.into_inner().unwrap();
        if let Some((start, _)) = threads.iter().find(|(_, id)| *id == caller) {
            panic!(
                "f ran on the caller's thread for the chunk at {start}: every call must run on a worker thread, \
                 so that the caller only waits"
            );
        }
        let distinct: HashSet<_> = threads.iter().map(|(_, id)| id).collect();
        assert!(
            distinct.len() <= 3,
            "{} different threads called f for 20 chunks with workers = 3: at most `workers` threads, each \
             taking chunk after chunk",
            distinct.len()
        );
        assert_eq!(buf, [1; 40], "every element must be handed to f");
    });
}

#[test]
fn the_workers_calls_run_at_the_same_time() {
    within(|| {
        // Three chunks, three workers: each call waits (up to a second)
        // until all three are running, and notes how many it saw.
        const PATIENCE: Duration = Duration::from_secs(1);
        let running = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let mut buf = [0u8; 12];
        for_each_chunk_mut(&mut buf, 4, 3, |_, part| {
            running.fetch_add(1, Ordering::SeqCst);
            let deadline = Instant::now() + PATIENCE;
            while running.load(Ordering::SeqCst) < 3 && Instant::now() < deadline {
                thread::sleep(Duration::from_millis(1));
            }
            most.fetch_max(running.load(Ordering::SeqCst), Ordering::SeqCst);
            part.fill(1);
            // Stay counted until every call has looked.
            while running.load(Ordering::SeqCst) < 3 && Instant::now() < deadline {
                thread::sleep(Duration::from_millis(1));
            }
        });
        let most = most.into_inner();
        assert_eq!(
            most, 3,
            "at most {most} of the 3 calls of f ran at the same time, with 3 chunks and workers = 3: the workers \
             must work at the same time, not one after another"
        );
        assert_eq!(buf, [1; 12]);
    });
}

/// A call of `f` that cannot finish before the test has checked on it: it
/// waits for a release the test sends only after looking at
/// [`Slow::finished`], or for [`LATE`] to pass.
struct Slow {
    release: mpsc::Sender<()>,
    wait: Mutex<mpsc::Receiver<()>>,
    finished: AtomicBool,
}

impl Slow {
    fn new() -> Self {
        let (release, wait) = mpsc::channel();
        Slow { release, wait: Mutex::new(wait), finished: AtomicBool::new(false) }
    }

    /// The slow call's work.
    fn run(&self) {
        let _ = self.wait.lock().unwrap().recv_timeout(LATE);
        self.finished.store(true, Ordering::SeqCst);
    }

    fn finished(&self) -> bool {
        self.finished.load(Ordering::SeqCst)
    }
}

#[test]
fn it_returns_only_after_every_call_finished() {
    within(|| {
        let slow = Slow::new();
        let mut buf = [0u8; 8];
        for_each_chunk_mut(&mut buf, 4, 2, |start, part| {
            if start == 4 {
                slow.run();
            }
            part.fill(1);
        });
        assert!(
            slow.finished(),
            "for_each_chunk_mut returned while the call of f for the chunk at 4 was still running: nothing may \
             touch buf once it returns, so it must wait for every worker"
        );
        let _ = slow.release.send(());
        assert_eq!(buf, [1; 8]);
    });
}

#[test]
fn a_panic_waits_for_the_calls_still_running() {
    within(|| {
        let slow = Slow::new();
        let mut buf = [0u8; 8];
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
            for_each_chunk_mut(&mut buf, 4, 2, |start, part| {
                if start == 0 {
                    panic!("the chunk at 0 panics");
                }
                slow.run();
                part.fill(1);
            })
        }));
        assert!(
            slow.finished(),
            "for_each_chunk_mut passed a panic on while the call for the chunk at 4 was still running: on the \
             panic path too, every worker must have stopped before the panic leaves the call (the caller may \
             free buf as it unwinds)"
        );
        let _ = slow.release.send(());
        let payload =
            outcome.expect_err("the call for the chunk at 0 panicked: for_each_chunk_mut must panic");
        assert_eq!(
            message(&*payload),
            "the chunk at 0 panics",
            "for_each_chunk_mut must pass on the panic of f itself, its own payload"
        );
        assert_eq!(buf[4..], [1; 4], "the other chunk must still be handed to f");
    });
}

/// Where in its chunk a call of `f` panics.
#[derive(Clone, Copy, Debug)]
enum Point {
    /// Before it touches an element.
    First,
    /// After the first element.
    AfterOne,
    /// After every element of its chunk.
    Last,
}

#[test]
fn a_panic_in_any_chunk_at_any_point_stops_only_that_call() {
    within(|| {
        // Ten elements in chunks of three: the chunks at 0, 3, 6 and 9.
        for workers in [1, 2] {
            for panicking in [0, 3, 6, 9] {
                for point in [Point::First, Point::AfterOne, Point::Last] {
                    let mut buf = slots(10);
                    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
                        for_each_chunk_mut(&mut buf, 3, workers, |start, part| {
                            for (j, slot) in part.iter_mut().enumerate() {
                                if start == panicking && matches!(point, Point::First) && j == 0
                                    || start == panicking && matches!(point, Point::AfterOne) && j == 1
                                {
                                    panic!("chunk {start}");
                                }
                                slot.visits += 1;
                            }
                            if start == panicking {
                                panic!("chunk {start}");
                            }
                        })
                    }));
                    let case = format!(
                        "with workers = {workers}, f panicked in the chunk at {panicking} ({point:?})"
                    );
                    let payload = outcome.expect_err(&format!("{case}: for_each_chunk_mut must panic too"));
                    assert_eq!(
                        message(&*payload),
                        format!("chunk {panicking}"),
                        "{case}: for_each_chunk_mut must pass on that call's own payload"
                    );
                    for slot in &buf {
                        let visited_before_the_panic = match point {
                            Point::First => 0,
                            Point::AfterOne => 1,
                            Point::Last => 3,
                        };
                        let expected = if (panicking..panicking + 3).contains(&slot.index) {
                            u32::from(slot.index - panicking < visited_before_the_panic)
                        } else {
                            1
                        };
                        assert_eq!(
                            slot.visits, expected,
                            "{case}: element {} was visited {} times, {expected} expected; a panic stops only its \
                             own call: every other chunk must still be handed to f, exactly once",
                            slot.index, slot.visits
                        );
                    }
                }
            }
        }
    });
}

/// A panic payload that counts its drops.
struct Counted {
    chunk: usize,
    drops: Arc<AtomicUsize>,
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.drops.fetch_add(1, Ordering::SeqCst);
    }
}

/// Sets its flag when dropped: while a panicking call unwinds.
struct Unwound<'a>(&'a AtomicBool);

impl Drop for Unwound<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

#[test]
fn the_first_chunks_panic_wins_and_the_other_payloads_are_dropped() {
    within(|| {
        // Four chunks, four workers. The chunk at 6 panics first; the chunk
        // at 2 panics once that panic has unwound (or after LATE), plus a
        // margin: the chunk at 2 is the first in the buffer, not in time.
        let drops = Arc::new(AtomicUsize::new(0));
        let third_unwound = AtomicBool::new(false);
        let mut buf = [0u8; 8];
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
            for_each_chunk_mut(&mut buf, 2, 4, |start, part| {
                part.fill(1);
                if start == 6 {
                    let _unwound = Unwound(&third_unwound);
                    panic::panic_any(Counted { chunk: 6, drops: Arc::clone(&drops) });
                }
                if start == 2 {
                    let deadline = Instant::now() + LATE;
                    while !third_unwound.load(Ordering::SeqCst) && Instant::now() < deadline {
                        thread::sleep(Duration::from_millis(1));
                    }
                    thread::sleep(Duration::from_millis(100));
                    panic::panic_any(Counted { chunk: 2, drops: Arc::clone(&drops) });
                }
            })
        }));
        let payload: Box<dyn Any + Send> =
            outcome.expect_err("two calls of f panicked: for_each_chunk_mut must panic");
        let dropped_by_then = drops.load(Ordering::SeqCst);
        let Some(counted) = payload.downcast_ref::<Counted>() else {
            panic!(
                "for_each_chunk_mut panicked with {:?}, not with the payload of a call of f: pass on the first \
                 chunk's own payload (resume_unwind)",
                message(&*payload)
            )
        };
        assert_eq!(
            counted.chunk, 2,
            "for_each_chunk_mut passed on the panic of the chunk at {}; the chunks at 2 and 6 panicked (6 first, \
             in time): it must pass on the panic of the first chunk in the buffer, the one at 2",
            counted.chunk
        );
        assert_eq!(
            dropped_by_then, 1,
            "{dropped_by_then} payloads had been dropped when for_each_chunk_mut panicked: the chunk at 6's \
             payload must be dropped, once, before the chunk at 2's panic goes on"
        );
        drop(payload);
        assert_eq!(drops.load(Ordering::SeqCst), 2, "the payload passed on is dropped by its catcher, once");
        assert_eq!(buf, [1; 8], "every chunk must be handed to f");
    });
}

/// An element that counts its drops.
struct Tracked {
    generation: u32,
    drops: Arc<AtomicUsize>,
}

impl Drop for Tracked {
    fn drop(&mut self) {
        self.drops.fetch_add(1, Ordering::SeqCst);
    }
}

#[test]
fn the_elements_are_neither_dropped_nor_copied() {
    within(|| {
        let old_drops = Arc::new(AtomicUsize::new(0));
        let new_drops = Arc::new(AtomicUsize::new(0));
        let mut buf: Vec<Tracked> =
            (0..17).map(|_| Tracked { generation: 0, drops: Arc::clone(&old_drops) }).collect();
        for_each_chunk_mut(&mut buf, 4, 3, |_, part| {
            for element in part {
                *element = Tracked { generation: 1, drops: Arc::clone(&new_drops) };
            }
        });
        assert_eq!(
            old_drops.load(Ordering::SeqCst),
            17,
            "f replaced each of the 17 elements once, so 17 old ones must have been dropped, each once: \
             for_each_chunk_mut must not drop, move or copy elements itself"
        );
        assert_eq!(
            new_drops.load(Ordering::SeqCst),
            0,
            "a new element was dropped: only f touches the elements"
        );
        assert!(buf.iter().all(|e| e.generation == 1), "every element must be the one f wrote");
        drop(buf);
        assert_eq!(new_drops.load(Ordering::SeqCst), 17, "each new element is dropped once, with the buffer");
    });
}

#[test]
fn a_zero_chunk_or_zero_workers_panics_before_any_call() {
    within(|| {
        let mut buf = [0u8; 4];
        for_each_chunk_mut(&mut buf, 2, 2, |_, part| part.fill(1));
        assert_eq!(buf, [1; 4], "every element must be handed to f");
        for (chunk, workers) in [(0, 2), (2, 0)] {
            let called = AtomicBool::new(false);
            let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
                for_each_chunk_mut(&mut buf, chunk, workers, |_, _| called.store(true, Ordering::SeqCst))
            }));
            assert!(
                outcome.is_err(),
                "for_each_chunk_mut(buf, {chunk}, {workers}, f) returned: a zero chunk length or zero workers must \
                 panic"
            );
            assert!(
                !called.load(Ordering::SeqCst),
                "for_each_chunk_mut(buf, {chunk}, {workers}, f) called f: it must panic before any call"
            );
        }
    });
}

//! Exercise 4, reference answer: lend the disjoint chunks of a borrowed
//! buffer to a pool of worker threads. The workers claim chunks by number
//! from one atomic counter and make each chunk's `&mut` from a raw pointer;
//! the lab's `scope` makes them stop before the call returns.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::scope;

// ANCHOR: for_each_chunk_mut
/// Calls `f(start, &mut buf[start..end])` once for each chunk of `buf`, on
/// at most `workers` worker threads, and returns once every worker has
/// stopped.
///
/// Every element is handed to `f` exactly once, on a worker thread; a
/// panicking call stops only itself, and once every worker has stopped the
/// first chunk's panic (nearest the start of `buf`) is re-raised, the other
/// payloads dropped.
///
/// # Panics
///
/// If `chunk` or `workers` is zero, before any call of `f`; and as above
/// when a call of `f` panics.
pub fn for_each_chunk_mut<T, F>(buf: &mut [T], chunk: usize, workers: usize, f: F)
where
    T: Send,
    F: Fn(usize, &mut [T]) + Sync,
{
    assert!(chunk > 0, "for_each_chunk_mut needs chunks of at least one element");
    assert!(workers > 0, "for_each_chunk_mut needs at least one worker");
    let len = buf.len();
    let chunks = len.div_ceil(chunk);
    // From here on `buf` is used only through `base`, until every worker
    // has stopped: no other path to the elements competes with the chunks.
    let base = Base(buf.as_mut_ptr());
    let next = AtomicUsize::new(0);
    let (base, next, f) = (&base, &next, &f);
    let first = scope(|s| {
        let handles: Vec<_> = (0..workers.min(chunks))
            .map(|_| {
                s.spawn(move || {
                    let mut first: Option<(usize, Payload)> = None;
                    loop {
                        // Relaxed is enough: the counter only hands out
                        // numbers; the scope's wait orders the workers'
                        // writes before the caller's next use of `buf`.
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        if k >= chunks {
                            return first;
                        }
                        let start = k * chunk;
                        let end = (start + chunk).min(len);
                        // SAFETY: `start..end` lies inside `buf`
                        // (`k < chunks` and `end` is clamped to `len`);
                        // `fetch_add` gives each `k` to one worker only, and
                        // different `k` cover disjoint ranges, so this is
                        // the only `&mut` to these elements; it lives for
                        // this call of `f` only (`f`'s signature cannot keep
                        // it), and `scope` waits for this worker before
                        // `for_each_chunk_mut` returns and `buf`'s borrow
                        // ends.
                        let part = unsafe { base.slice(start, end - start) };
                        let outcome = panic::catch_unwind(AssertUnwindSafe(|| f(start, part)));
                        // A worker claims increasing `k`: its first panic is
                        // its lowest chunk's; later ones are dropped here.
                        if let (Err(payload), None) = (outcome, &first) {
                            first = Some((k, payload));
                        }
                    }
                })
            })
            .collect();
        // Every worker is joined, so every payload but the first chunk's is
        // dropped here, before `scope` returns.
        handles
            .into_iter()
            .filter_map(|worker| worker.join().expect("a worker catches the panics of `f`"))
            .min_by_key(|&(k, _)| k)
    });
    if let Some((_, payload)) = first {
        panic::resume_unwind(payload);
    }
}
// ANCHOR_END: for_each_chunk_mut

/// A panic's payload, as `catch_unwind` returns it.
type Payload = Box<dyn Any + Send>;

// ANCHOR: base
/// The buffer's first element, shared by the workers, who each make `&mut`
/// slices of their own chunks from it.
struct Base<T>(*mut T);

// SAFETY: the workers use the pointer only to make `&mut` slices of
// disjoint chunks (see `for_each_chunk_mut`), which is what sending a
// `&mut [T]` chunk to each of them would allow: it needs `T: Send`, no more.
unsafe impl<T: Send> Sync for Base<T> {}

impl<T> Base<T> {
    /// The `len` elements from `start`.
    ///
    /// # Safety
    ///
    /// `start..start + len` lies inside the buffer, the buffer stays
    /// borrowed for all of `'a`, and no other reference to those elements
    /// is used while the slice lives.
    unsafe fn slice<'a>(&self, start: usize, len: usize) -> &'a mut [T] {
        // SAFETY: `start` lies inside the buffer (the caller's promise), so
        // the pointer stays inside its allocation.
        let first = unsafe { self.0.add(start) };
        // SAFETY: the caller's promise: the `len` elements from `first` are
        // the buffer's, borrowed for `'a`, and only this slice uses them.
        unsafe { std::slice::from_raw_parts_mut(first, len) }
    }
}
// ANCHOR_END: base

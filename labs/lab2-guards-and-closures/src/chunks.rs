//! Exercise 4 (stretch): lend the disjoint chunks of a borrowed buffer to a
//! pool of worker threads, and design it yourself.
//!
//! Only the contract is given. Build it on your `scope` from exercise 1, on
//! `std::thread::scope`, or on `spawn_unchecked` with `unsafe` code of your
//! own (then every `unsafe` block carries a `// SAFETY:` comment). Book:
//! chapter 2, "Lending chunks to a pool of workers"
//! (`ch02-guards-and-closures/guarded-closures.md`).

// ANCHOR: for_each_chunk_mut
/// Calls `f(start, &mut buf[start..end])` once for each chunk of `buf`, on
/// at most `workers` worker threads, and returns once every worker has
/// stopped.
///
/// What must hold:
///
/// - **Which elements.** The chunks are `buf` cut into `chunk` elements
///   from its start, the last one shorter when `chunk` does not divide
///   `buf.len()`; `start` is the index of the chunk's first element in
///   `buf`. Every element is handed to `f` exactly once, and `f` never sees
///   an element outside `buf`. An empty `buf` means no call. The elements are
///   not moved, dropped or copied: only `f` touches them.
/// - **Which thread.** Every call of `f` runs on a worker thread, never on
///   the caller's. At most `workers` threads call `f`, and they work at the
///   same time: with `workers` chunks or more, `workers` calls may run at
///   once (a call may wait for another one).
/// - **What may still touch `buf`.** Nothing, once this function has
///   returned or unwound: no call of `f` is running then, and no chunk
///   outlives the call.
/// - **Panics.** A call of `f` that panics stops only itself: every other
///   chunk is still handed to `f`. Once every worker has stopped, this
///   function panics with the payload of the first chunk (nearest the start
///   of `buf`) whose call panicked; the other payloads are dropped before
///   that.
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
    todo!(
        "lab2 exercise 4: hand each chunk of `buf` to `f` exactly once on a worker, and return, or re-raise the first chunk's panic, only once every worker has stopped (book: ch. 2, Lending chunks to a pool of workers)"
    )
}
// ANCHOR_END: for_each_chunk_mut

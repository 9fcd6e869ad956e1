//! Exercise 2, reference answer: fill a borrowed buffer from scoped workers.

use crate::scope;

// ANCHOR: fill
/// Sets `buf[i] = value_at(i)` for every index, splitting the buffer into at
/// most `workers` chunks, each filled by its own worker thread.
///
/// # Panics
///
/// If `workers` is zero, or (once every worker has finished) if
/// `value_at` panicked.
pub fn fill_in_parallel<T, F>(buf: &mut [T], workers: usize, value_at: F)
where
    T: Send,
    F: Fn(usize) -> T + Sync,
{
    assert!(workers > 0, "fill_in_parallel needs at least one worker");
    let chunk_len = buf.len().div_ceil(workers).max(1);
    // Each worker gets a shared borrow of `value_at` and its own `&mut` chunk:
    // the borrow checker sees that no two workers touch the same element.
    let value_at = &value_at;
    scope(|s| {
        for (n, chunk) in buf.chunks_mut(chunk_len).enumerate() {
            s.spawn(move || {
                for (i, slot) in chunk.iter_mut().enumerate() {
                    *slot = value_at(n * chunk_len + i);
                }
            });
        }
    });
}
// ANCHOR_END: fill

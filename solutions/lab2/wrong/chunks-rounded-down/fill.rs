//! Wrong: the chunk length is rounded down (`len / workers`), which makes more chunks, and threads, than `workers`, and a chunk length of zero (a panic in `chunks_mut`) when there are more workers than elements (not unsound).
//! Caught by: ex2_misuse::the_work_is_shared_by_worker_threads
//! Caught by: ex2_misuse::tiny_buffers_and_more_workers_than_elements

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
    let chunk_len = buf.len() / workers;
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

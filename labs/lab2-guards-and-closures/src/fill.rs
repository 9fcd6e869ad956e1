//! Exercise 2: fill a borrowed buffer from scoped workers.
//!
//! Use your `scope` from exercise 1. The tests for this exercise also check,
//! with `trybuild`, that safe code cannot misuse the scope (`tests/ui/`).
//! Book: chapter 2, "Scoped threads in std and crossbeam"
//! (`ch02-guards-and-closures/scoped-threads.md`).

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
    todo!(
        "lab2 exercise 2: give each worker its own chunk of `buf` (book: ch. 2, Scoped threads in std and crossbeam)"
    )
}

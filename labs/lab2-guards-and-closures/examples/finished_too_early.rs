//! Undefined behaviour in a scope's own `unsafe` code: a worker reports
//! "finished" from inside the closure that captured the caller's `&mut`
//! data, and the caller uses that data while the closure is still running.
//!
//! Run it under Miri, which reports the conflict (in Stacked Borrows and in
//! Tree Borrows alike):
//!
//! ```text
//! cargo +nightly miri run -p lab2 --example finished_too_early
//! ```
//!
//! The fix, in `solutions/lab2/scope.rs`, keeps the closure in a
//! `MaybeUninit` until it runs (std wraps it in `MaybeDangling` for this).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

// ANCHOR: too_early
fn main() {
    let mut buffer = vec![0u8; 8];
    let finished = Arc::new(AtomicBool::new(false));
    let caller_is_done = Arc::new(AtomicBool::new(false));

    let chunk: &mut [u8] = &mut buffer;
    let (report, wait_for_caller) = (Arc::clone(&finished), Arc::clone(&caller_is_done));
    let work: Box<dyn FnOnce() + Send + '_> = Box::new(move || {
        chunk.fill(1);
        report.store(true, Ordering::Release); // "done with the caller's data"...
        while !wait_for_caller.load(Ordering::Acquire) {
            thread::yield_now(); // ...but this closure, and `chunk`, are still live
        }
    });
    // SAFETY: claimed, and wrong. The caller waits for `finished` before it
    // touches `buffer` again, so the worker never outlives the borrow.
    let work: Box<dyn FnOnce() + Send + 'static> = unsafe { std::mem::transmute(work) };
    let worker = thread::spawn(work);

    while !finished.load(Ordering::Acquire) {
        thread::yield_now();
    }
    println!("the worker says it is done; the caller reads {:?}", buffer);
    caller_is_done.store(true, Ordering::Release);
    worker.join().unwrap();
}
// ANCHOR_END: too_early

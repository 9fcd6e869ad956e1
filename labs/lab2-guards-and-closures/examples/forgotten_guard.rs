//! Undefined behaviour in safe code: forget a `JoinGuard` and its worker
//! writes into a buffer that has already been freed.
//!
//! Run it under Miri, which reports the use after free:
//!
//! ```text
//! cargo +nightly miri run -p lab2 --features solution --example forgotten_guard
//! ```
//!
//! Without Miri it usually "works": the write lands in freed heap memory and
//! nobody notices. That is what makes this bug dangerous.

use std::sync::mpsc;

use lab2::guard::spawn_guarded;

// ANCHOR: forget
fn main() {
    let (started, worker_started) = mpsc::channel::<()>();
    let (go, wait_for_go) = mpsc::channel::<()>();

    let mut buffer = vec![0u8; 64];
    let target: &mut [u8] = &mut buffer;
    let guard = spawn_guarded(move || {
        started.send(()).unwrap();
        wait_for_go.recv().unwrap();
        target.fill(0xAA); // The worker still holds `&mut buffer[..]`...
    });
    worker_started.recv().unwrap();

    // ...but this is safe code, so nothing stops us from skipping the join:
    std::mem::forget(guard);
    // The borrow of `buffer` ended with the guard, so the compiler lets us
    // free the buffer while the worker still points into it.
    drop(buffer);

    go.send(()).unwrap();
    // Give the worker time to write: without Miri, nothing else would tell.
    std::thread::sleep(std::time::Duration::from_millis(100));
}
// ANCHOR_END: forget

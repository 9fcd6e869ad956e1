//! The kept wrong answer without the Acquire fence, on real threads under
//! Miri, whose data-race detector follows happens-before, not timing:
//! `cargo +nightly miri run -p lab8 --example missing_fence_miri`.

#[macro_use]
#[path = "support/wrong_answer.rs"]
mod wrong_answer;

wrong_answer!(std, "no-acquire-fence");

use block::MyArc;
use std::sync::atomic::{AtomicBool, Ordering};

fn main() {
    let a = MyArc::new(vec![42_u64]);
    let b = a.clone();
    let done = AtomicBool::new(false);
    std::thread::scope(|s| {
        s.spawn(|| {
            assert_eq!(b[0], 42);
            drop(b);
            // Relaxed: the flag only says when, it orders nothing.
            done.store(true, Ordering::Relaxed);
        });
        while !done.load(Ordering::Relaxed) {
            std::thread::yield_now();
        }
        // The last handle: frees the Vec's buffer the other thread read.
        drop(a);
    });
    println!("no data race reported");
}

//! The kept wrong answer without the Acquire fence, under loom: the reader's
//! access to the value and the last drop's write are not ordered, and loom
//! finds the interleaving. `cargo run -p lab8 --example missing_fence_loom`.

/// The atomics the wrong answer uses, taken from loom.
mod sync {
    pub use loom::hint::spin_loop;
    pub use loom::sync::atomic::{AtomicUsize, Ordering, fence};
}

/// The given block and handles (dead code only where the student's stub
/// stands in for the wrong answer: see build.rs).
#[allow(dead_code)]
#[path = "../src/block.rs"]
mod block;

/// `solutions/lab8/wrong/no-acquire-fence.patch` applied to the reference answer (by build.rs).
#[allow(dead_code)]
mod arc {
    include!(concat!(env!("OUT_DIR"), "/wrong/no-acquire-fence.rs"));
}

use block::MyArc;
use loom::cell::UnsafeCell;

/// A value whose drop writes its data.
struct Payload(UnsafeCell<u64>);

// SAFETY: written only in `drop`, when no handle is left.
unsafe impl Sync for Payload {}

impl Drop for Payload {
    fn drop(&mut self) {
        // SAFETY: `&mut self`.
        self.0.with_mut(|v| unsafe { *v = 0 });
    }
}

fn main() {
    // With locations on, the report names the file and line of both accesses.
    let mut model = loom::model::Builder::new();
    model.location = true;
    model.check(|| {
        let a = MyArc::new(Payload(UnsafeCell::new(42)));
        let b = a.clone();
        let reader = loom::thread::spawn(move || {
            // SAFETY: a read; the only write is in `drop`.
            assert_eq!(b.0.with(|v| unsafe { *v }), 42);
        });
        drop(a);
        reader.join().unwrap();
    });
    println!("loom found no failing interleaving");
}

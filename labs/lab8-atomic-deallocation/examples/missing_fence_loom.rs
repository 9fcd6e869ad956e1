//! The kept wrong answer without the Acquire fence, under loom: the reader's
//! access to the value and the last drop's write are not ordered, and loom
//! finds the interleaving. `cargo run -p lab8 --example missing_fence_loom`.

#[macro_use]
#[path = "support/wrong_answer.rs"]
mod wrong_answer;

wrong_answer!(loom, "no-acquire-fence");

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
    wrong_answer::check_under_loom(|| {
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

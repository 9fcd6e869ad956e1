//! The kept wrong answer whose `get_mut` loads the strong count, then the
//! weak count, under loom: another thread upgrades its `Weak` and drops it
//! between the two loads, and `get_mut` hands out `&mut T` while that
//! thread reads. `cargo run -p lab8 --example get_mut_race_loom`.

#[macro_use]
#[path = "support/wrong_answer.rs"]
mod wrong_answer;

wrong_answer!(loom, "get-mut-strong-then-weak");

use block::MyArc;
use loom::cell::UnsafeCell;

/// A value read through `&T` and written through `get_mut`'s `&mut T`.
struct Slot(UnsafeCell<u64>);

// SAFETY: written only through `&mut Slot`, which `get_mut` promises is the
// only reference.
unsafe impl Sync for Slot {}

fn main() {
    wrong_answer::check_under_loom(|| {
        let mut a = MyArc::new(Slot(UnsafeCell::new(42)));
        let w = MyArc::downgrade(&a);
        let other = loom::thread::spawn(move || {
            if let Some(b) = w.upgrade() {
                drop(w);
                // SAFETY: a read; writes need `&mut Slot`.
                assert_eq!(b.0.with(|v| unsafe { *v }), 42);
            }
        });
        if let Some(slot) = MyArc::get_mut(&mut a) {
            // SAFETY: `get_mut` promised this is the only reference.
            slot.0.with_mut(|v| unsafe { *v = 7 });
        }
        other.join().unwrap();
    });
    println!("loom found no failing interleaving");
}

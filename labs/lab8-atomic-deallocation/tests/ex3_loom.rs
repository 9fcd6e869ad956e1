//! Exercise 3: the last handles are cloned and dropped on two threads while
//! the value's drop writes its data, and `get_mut` writes it once the other
//! thread's handle is gone. Built normally it runs once on real
//! threads, and Miri's data-race detector checks the orderings:
//! `cargo +nightly miri test -p lab8 --test ex3_loom`. Built with
//! `RUSTFLAGS="--cfg loom"` loom explores every interleaving:
//! `RUSTFLAGS="--cfg loom" cargo test -p lab8 --release --test ex3_loom --target-dir target/loom`.

use std::sync::Arc;

mod support;

use lab8::MyArc;
use lab8::sync::{AtomicUsize, Ordering, UnsafeCell, model, thread};
use support::reader_drops_first;

// ANCHOR: payload
/// A value whose drop reads, then overwrites, its data: a drop that is not
/// ordered after another thread's read is a data race on `value`.
struct Payload {
    value: UnsafeCell<u64>,
    drops: Arc<AtomicUsize>,
}

// SAFETY: `value` is written only in `drop`, when no other handle exists.
unsafe impl Sync for Payload {}

impl Payload {
    fn read(&self) -> u64 {
        // SAFETY: reads only; the one write is in `drop`.
        self.value.with(|v| unsafe { *v })
    }
}

impl Drop for Payload {
    fn drop(&mut self) {
        // A failed model unwinds through this drop: touching loom's cell
        // again would panic while panicking and abort the test binary.
        if std::thread::panicking() {
            return;
        }
        assert_eq!(self.read(), 42, "the value changed before its drop");
        // SAFETY: `&mut self`: the last handle is gone.
        self.value.with_mut(|v| unsafe { *v = 0 });
        self.drops.fetch_add(1, Ordering::Relaxed);
    }
}
// ANCHOR_END: payload

fn payload(drops: &Arc<AtomicUsize>) -> MyArc<Payload> {
    MyArc::new(Payload { value: UnsafeCell::new(42), drops: drops.clone() })
}

// ANCHOR: last_drop_after_reader
/// Another thread reads the value and drops its handle; this thread waits
/// until it has (`reader_drops_first`) and drops the last handle. Only the
/// handle's own Release decrement and Acquire fence order the other
/// thread's read before the value's drop.
#[test]
fn last_drop_after_reader() {
    model(|| {
        let drops = Arc::new(AtomicUsize::new(0));
        let a = payload(&drops);
        let reader = reader_drops_first(a.clone(), Payload::read);
        drop(a);
        reader.join().unwrap();
        assert_eq!(drops.load(Ordering::Relaxed), 1, "the value must be dropped exactly once");
    });
}
// ANCHOR_END: last_drop_after_reader

/// Both threads clone, read and drop; whichever is last drops the value.
#[test]
fn last_handles_dropped_concurrently() {
    model(|| {
        let drops = Arc::new(AtomicUsize::new(0));
        let a = payload(&drops);
        let b = a.clone();
        let other = thread::spawn(move || {
            let c = b.clone();
            assert_eq!(c.read(), 42);
            drop(b);
            assert_eq!(c.read(), 42);
        });
        assert_eq!(a.read(), 42);
        drop(a);
        other.join().unwrap();
        assert_eq!(drops.load(Ordering::Relaxed), 1, "the value must be dropped exactly once");
    });
}

/// Another thread reads through a clone and drops it, while this thread
/// asks `get_mut` for the value and, if it is the only handle, writes it.
/// Only the clone's Release decrement and `get_mut`'s Acquire read of the
/// strong count order that read before the write.
#[test]
fn get_mut_after_a_reader_drops() {
    model(|| {
        let drops = Arc::new(AtomicUsize::new(0));
        let mut a = payload(&drops);
        let b = a.clone();
        let reader = thread::spawn(move || {
            assert_eq!(b.read(), 42);
            drop(b);
        });
        if let Some(p) = MyArc::get_mut(&mut a) {
            // SAFETY: `get_mut` promised the only reference to the value.
            p.value.with_mut(|v| unsafe { *v = 42 });
        }
        reader.join().unwrap();
        drop(a);
        assert_eq!(drops.load(Ordering::Relaxed), 1, "the value must be dropped exactly once");
    });
}

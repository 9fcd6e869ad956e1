//! Exercise 2 (optional): `Weak` keeps the block, not the value, and
//! `upgrade` fails once the last `MyArc` is gone; `get_mut` stays sound while
//! another thread upgrades or downgrades.
//!
//! The first tests run on one thread (and under Miri). The models at the end
//! run once on real threads in a normal build; built with
//! `RUSTFLAGS="--cfg loom"` loom explores every interleaving of them:
//! `RUSTFLAGS="--cfg loom" cargo test -p lab8 --release --test ex2_weak --target-dir target/loom`.

use std::sync::Arc;

use lab8::MyArc;
#[cfg(not(loom))]
use lab8::sync::Ordering::SeqCst;
use lab8::sync::{AtomicUsize, Ordering, UnsafeCell, model, thread};

#[cfg(not(loom))]
struct Counted<'a>(&'a AtomicUsize);

#[cfg(not(loom))]
impl Drop for Counted<'_> {
    fn drop(&mut self) {
        self.0.fetch_add(1, SeqCst);
    }
}

#[cfg(not(loom))]
#[test]
fn upgrade_while_alive() {
    model(|| {
        let a = MyArc::new(5_u32);
        let w = MyArc::downgrade(&a);
        assert_eq!(MyArc::weak_count(&a), 1);
        let b = w.upgrade().expect("the value is alive");
        assert_eq!(*b, 5);
        assert_eq!(MyArc::strong_count(&a), 2, "upgrade must count a strong handle");
    });
}

#[cfg(not(loom))]
#[test]
fn upgrade_after_last_drop_is_none() {
    model(|| {
        let drops = AtomicUsize::new(0);
        let a = MyArc::new(Counted(&drops));
        let w = MyArc::downgrade(&a);
        drop(a);
        assert_eq!(drops.load(SeqCst), 1, "the last MyArc drops the value even with a Weak left");
        assert!(w.upgrade().is_none(), "upgrade after the value was dropped");
        drop(w);
        assert_eq!(drops.load(SeqCst), 1);
    });
}

#[cfg(not(loom))]
#[test]
fn weak_outlives_and_get_mut_sees_it() {
    model(|| {
        let mut a = MyArc::new(String::from("x"));
        let w = MyArc::downgrade(&a);
        assert!(MyArc::get_mut(&mut a).is_none(), "get_mut while a Weak could upgrade");
        drop(w);
        assert_eq!(MyArc::weak_count(&a), 0);
        assert!(MyArc::get_mut(&mut a).is_some());
    });
}

// Models of `get_mut`, `upgrade` and `downgrade` on two threads.

/// A value that is read through `&T` and written through `get_mut`'s
/// `&mut T`: loom reports a write that is not ordered after a read.
struct Slot {
    value: UnsafeCell<u64>,
    drops: Arc<AtomicUsize>,
}

// SAFETY: `value` is written only through `&mut Slot` (from `get_mut`)
// or in `drop`; the models check that nobody reads it then.
unsafe impl Sync for Slot {}

impl Slot {
    fn read(&self) -> u64 {
        // SAFETY: a read; writes need `&mut Slot`.
        self.value.with(|v| unsafe { *v })
    }

    fn write(&mut self, to: u64) {
        // SAFETY: `&mut self`: no other reference to the value exists.
        self.value.with_mut(|v| unsafe { *v = to });
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        // A model that failed is unwinding: touching loom's cell again
        // would panic inside the panic and abort the whole test binary.
        if std::thread::panicking() {
            return;
        }
        self.write(0);
        self.drops.fetch_add(1, Ordering::Relaxed);
    }
}

/// Fails the model if `handle` shows a value that was dropped (its drop
/// writes 0). The handle is forgotten first: dropping it while the model
/// unwinds would drop the value, and free the block, a second time.
fn expect_alive(handle: MyArc<Slot>, why: &str) {
    if handle.read() != 42 {
        std::mem::forget(handle);
        panic!("{why}");
    }
}

/// Fails the model if `w` upgrades; the `MyArc` it made is forgotten, as in
/// `expect_alive`.
fn expect_gone(w: &lab8::Weak<Slot>, why: &str) {
    if let Some(revived) = w.upgrade() {
        std::mem::forget(revived);
        panic!("{why}");
    }
}

fn slot(drops: &Arc<AtomicUsize>) -> MyArc<Slot> {
    MyArc::new(Slot { value: UnsafeCell::new(42), drops: drops.clone() })
}

// ANCHOR: get_mut_while_a_weak_upgrades
/// This thread holds the only `MyArc`; the other holds the only `Weak`,
/// upgrades it, drops the `Weak` and reads through its new `MyArc`. A
/// `get_mut` that reads the strong count (1), then the weak count (1
/// again, once the `Weak` is gone) hands out `&mut T` while the other
/// thread reads.
#[test]
fn get_mut_while_a_weak_upgrades() {
    model(|| {
        let drops = Arc::new(AtomicUsize::new(0));
        let mut a = slot(&drops);
        let w = MyArc::downgrade(&a);
        let other = thread::spawn(move || {
            if let Some(b) = w.upgrade() {
                drop(w);
                assert_eq!(b.read(), 42, "a write through get_mut while this MyArc lives");
            }
        });
        if let Some(value) = MyArc::get_mut(&mut a) {
            value.write(42);
        }
        other.join().unwrap();
        drop(a);
        assert_eq!(drops.load(Ordering::Relaxed), 1, "the value must be dropped exactly once");
    });
}
// ANCHOR_END: get_mut_while_a_weak_upgrades

/// This thread holds one `MyArc`; the other holds a clone, downgrades it,
/// drops its `MyArc` and upgrades again. A `get_mut` that reads the weak
/// count (1, before the downgrade), then the strong count (1, after the
/// clone's drop) hands out `&mut T` while a `Weak` can still upgrade.
#[test]
fn get_mut_while_a_clone_downgrades() {
    model(|| {
        let drops = Arc::new(AtomicUsize::new(0));
        let mut a = slot(&drops);
        let b = a.clone();
        let other = thread::spawn(move || {
            let w = MyArc::downgrade(&b);
            drop(b);
            if let Some(c) = w.upgrade() {
                assert_eq!(c.read(), 42, "a write through get_mut while a Weak could upgrade");
            }
        });
        if let Some(value) = MyArc::get_mut(&mut a) {
            value.write(42);
        }
        other.join().unwrap();
        assert!(MyArc::get_mut(&mut a).is_some(), "no other handle is left");
        drop(a);
        assert_eq!(drops.load(Ordering::Relaxed), 1, "the value must be dropped exactly once");
    });
}

/// The other thread, holding a clone, reads the weak count while this
/// thread's `get_mut` decides whether it is the only handle: whatever
/// `get_mut` does to the weak count meanwhile, `weak_count` reports the
/// `Weak`s that exist, and there are none.
#[test]
fn weak_count_while_get_mut_checks() {
    model(|| {
        let drops = Arc::new(AtomicUsize::new(0));
        let mut a = slot(&drops);
        let b = a.clone();
        let other = thread::spawn(move || {
            assert_eq!(MyArc::weak_count(&b), 0, "weak_count while get_mut checks: no Weak exists");
        });
        let _ = MyArc::get_mut(&mut a);
        other.join().unwrap();
        assert_eq!(MyArc::weak_count(&a), 0);
    });
}

/// The other thread upgrades while this thread drops the last `MyArc`:
/// either the upgrade wins and the value lives until its new handle is
/// dropped, or it loses and returns `None`; the value is dropped once,
/// after every read of it.
#[test]
fn upgrade_racing_the_last_drop() {
    model(|| {
        let drops = Arc::new(AtomicUsize::new(0));
        let a = slot(&drops);
        let w = MyArc::downgrade(&a);
        let other = thread::spawn(move || match w.upgrade() {
            Some(b) => expect_alive(b, "upgrade returned a value that was dropped"),
            None => expect_gone(&w, "upgrade succeeded after it had failed"),
        });
        drop(a);
        other.join().unwrap();
        assert_eq!(drops.load(Ordering::Relaxed), 1, "the value must be dropped exactly once");
    });
}

/// Two threads each upgrade their own `Weak` and drop the result while
/// this thread drops the last `MyArc`: the strong count never rises from
/// zero, and the value is dropped once.
#[test]
fn two_upgrades_racing_the_last_drop() {
    model(|| {
        let drops = Arc::new(AtomicUsize::new(0));
        let a = slot(&drops);
        let upgraders: Vec<_> = (0..2)
            .map(|_| {
                let w = MyArc::downgrade(&a);
                thread::spawn(move || {
                    if let Some(b) = w.upgrade() {
                        expect_alive(b, "upgrade returned a value that was dropped");
                    }
                })
            })
            .collect();
        drop(a);
        for t in upgraders {
            t.join().unwrap();
        }
        assert_eq!(drops.load(Ordering::Relaxed), 1, "the value must be dropped exactly once");
    });
}

/// A `Weak` made on another thread, from a clone, keeps the block alive
/// after every `MyArc` is gone, and its drop frees it.
#[test]
fn downgrade_on_another_thread() {
    model(|| {
        let drops = Arc::new(AtomicUsize::new(0));
        let a = slot(&drops);
        let b = a.clone();
        let other = thread::spawn(move || {
            let w = MyArc::downgrade(&b);
            drop(b);
            w
        });
        drop(a);
        let w = other.join().unwrap();
        assert_eq!(drops.load(Ordering::Relaxed), 1, "the last MyArc drops the value");
        expect_gone(&w, "upgrade after the value was dropped");
    });
}

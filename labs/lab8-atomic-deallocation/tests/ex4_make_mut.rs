//! Exercise 4 (stretch): `MyArc::make_mut` clones only when another `MyArc`
//! shares the value, leaves a lone handle's value in place, cuts every
//! `Weak` off from the value it hands out as `&mut T`, drops every value
//! exactly once, and survives a panicking `T::clone`.
//!
//! The first tests run on one thread or on a few real threads (and under
//! Miri: `cargo +nightly miri test -p lab8 --test ex4_make_mut`). The
//! models at the end run once on real threads in a normal build; built with
//! `RUSTFLAGS="--cfg loom"` loom explores every interleaving of them:
//! `RUSTFLAGS="--cfg loom" cargo test -p lab8 --release --test ex4_make_mut --target-dir target/loom`.

use std::sync::Arc;

#[cfg(not(loom))]
#[path = "support/live_bytes.rs"]
mod live_bytes;
mod support;

use lab8::MyArc;
use lab8::sync::{AtomicBool, AtomicUsize, Ordering, UnsafeCell, model, thread};
use support::reader_drops_first;

/// What the test's values did: how often they were cloned and dropped.
#[derive(Default)]
struct Counts {
    clones: AtomicUsize,
    drops: AtomicUsize,
    /// Set: the next `clone` panics (after counting itself).
    clone_panics: AtomicBool,
}

impl Counts {
    fn clones(&self) -> usize {
        self.clones.load(Ordering::Relaxed)
    }

    fn drops(&self) -> usize {
        self.drops.load(Ordering::Relaxed)
    }
}

/// The panic message of a `clone` that the test made panic.
const CLONE_PANIC: &str =
    "the test's T::clone panics here on purpose (make_mut must leave `this` and every count as they were)";

/// A value that counts its clones and drops, is read through `&T` and
/// written through `make_mut`'s `&mut T`: under loom (and Miri), a write that
/// is not ordered after another handle's read is reported.
struct Cell {
    value: UnsafeCell<u64>,
    counts: Arc<Counts>,
}

// SAFETY: `value` is written only through `&mut Cell` (from `make_mut`) or
// in `drop`; the tests check that nobody else reads it then.
unsafe impl Sync for Cell {}

impl Cell {
    fn new(value: u64, counts: &Arc<Counts>) -> Self {
        Self { value: UnsafeCell::new(value), counts: counts.clone() }
    }

    fn read(&self) -> u64 {
        // SAFETY: a read; writes need `&mut Cell`.
        self.value.with(|v| unsafe { *v })
    }

    fn write(&mut self, to: u64) {
        // SAFETY: `&mut self`: no other reference to the value exists.
        self.value.with_mut(|v| unsafe { *v = to });
    }
}

impl Clone for Cell {
    fn clone(&self) -> Self {
        self.counts.clones.fetch_add(1, Ordering::Relaxed);
        if self.counts.clone_panics.load(Ordering::Relaxed) {
            panic!("{CLONE_PANIC}");
        }
        Self::new(self.read(), &self.counts)
    }
}

impl Drop for Cell {
    fn drop(&mut self) {
        // A model that failed is unwinding: touching loom's cell again would
        // panic inside the panic and abort the whole test binary.
        if std::thread::panicking() {
            return;
        }
        self.write(0);
        self.counts.drops.fetch_add(1, Ordering::Relaxed);
    }
}

fn cell(value: u64, counts: &Arc<Counts>) -> MyArc<Cell> {
    MyArc::new(Cell::new(value, counts))
}

/// Where a handle's value lives.
fn address(handle: &MyArc<Cell>) -> *const Cell {
    &**handle
}

// One thread, or a few real ones (these run under Miri too).

/// The only handle of either kind: the value is written where it is.
#[cfg(not(loom))]
#[test]
fn alone_writes_in_place() {
    model(|| {
        let counts = Arc::new(Counts::default());
        let mut a = cell(1, &counts);
        let before = address(&a);
        MyArc::make_mut(&mut a).write(2);
        assert_eq!(counts.clones(), 0, "make_mut cloned the value of the only handle: nothing shares it");
        assert_eq!(address(&a), before, "make_mut moved the value of the only handle to a new block");
        assert_eq!(a.read(), 2, "the write through make_mut's &mut T is not in the handle's value");
        assert_eq!(MyArc::strong_count(&a), 1, "after make_mut, this is the only MyArc: strong count 1");
        assert_eq!(MyArc::weak_count(&a), 0);
        MyArc::make_mut(&mut a).write(3);
        assert_eq!((counts.clones(), address(&a)), (0, before), "a second make_mut moved or cloned");
        let b = a.clone();
        drop(b);
        assert_eq!(counts.drops(), 0, "dropping a clone after make_mut dropped the value: the count is off");
        drop(a);
        assert_eq!(counts.drops(), 1, "the last handle must drop the value exactly once");
    });
}

/// A `Weak` that came and went is no `Weak`: the value stays in place.
#[cfg(not(loom))]
#[test]
fn a_dropped_weak_does_not_count() {
    model(|| {
        let counts = Arc::new(Counts::default());
        let mut a = cell(1, &counts);
        drop(MyArc::downgrade(&a));
        let before = address(&a);
        MyArc::make_mut(&mut a).write(2);
        assert_eq!(
            (counts.clones(), address(&a)),
            (0, before),
            "make_mut cloned or moved although the only Weak was dropped before it: the weak count is 0"
        );
        drop(a);
        assert_eq!(counts.drops(), 1, "the last handle must drop the value exactly once");
    });
}

/// Another `MyArc` shares the value: `this` gets one clone in a block of
/// its own, and the other handle, and a `Weak` made from it, keep the old
/// value.
#[cfg(not(loom))]
#[test]
fn shared_gets_one_clone() {
    model(|| {
        let counts = Arc::new(Counts::default());
        let mut a = cell(1, &counts);
        let b = a.clone();
        let w = MyArc::downgrade(&b);
        MyArc::make_mut(&mut a).write(2);
        assert_eq!(counts.clones(), 1, "another MyArc shares the value: make_mut must clone it exactly once");
        assert_ne!(address(&a), address(&b), "make_mut wrote into the value another MyArc still shares");
        assert_eq!(
            (a.read(), b.read()),
            (2, 1),
            "the write must reach this handle's clone, not the shared value"
        );
        assert_eq!(MyArc::strong_count(&a), 1, "after make_mut, this is the only MyArc to its clone");
        assert_eq!(MyArc::weak_count(&a), 0, "no Weak points at the clone");
        assert_eq!(MyArc::strong_count(&b), 1, "make_mut must give up this handle's count on the old value");
        let old = w.upgrade().expect("a Weak to the old value, which b keeps alive, must still upgrade");
        assert_eq!(old.read(), 1, "the Weak upgraded to the wrong value");
        drop(old);
        assert_eq!(counts.drops(), 0, "make_mut dropped a value that a handle still holds");
        drop(b);
        assert_eq!(counts.drops(), 1, "the last MyArc to the old value must drop it");
        assert!(w.upgrade().is_none(), "the old value is gone: its Weak must not upgrade");
        drop(w);
        drop(a);
        assert_eq!(counts.drops(), 2, "each value, the old one and the clone, must be dropped exactly once");
    });
}

/// The only `MyArc`, with `Weak`s about: once `make_mut` returns, none of
/// them upgrades, and no value is dropped twice or lost, whether the value
/// was moved or cloned; once every handle is gone, every block is freed.
#[cfg(not(loom))]
#[test]
fn weaks_are_cut_off() {
    model(|| {
        for weak_goes_first in [true, false] {
            let before = live_bytes::bytes();
            let counts = Arc::new(Counts::default());
            let mut a = cell(1, &counts);
            let w1 = MyArc::downgrade(&a);
            let w2 = MyArc::downgrade(&a);
            MyArc::make_mut(&mut a).write(2);
            if let Some(revived) = w1.upgrade() {
                let same = address(&revived) == address(&a);
                std::mem::forget(revived);
                panic!(
                    "a Weak made before make_mut still upgrades{}: make_mut must cut every Weak off from the value it lends",
                    if same { ", to the very value behind the &mut T" } else { "" }
                );
            }
            assert!(w2.upgrade().is_none(), "the second Weak made before make_mut still upgrades");
            assert!(
                counts.clones() <= 1,
                "make_mut cloned the value {} times; once is the most",
                counts.clones()
            );
            assert_eq!(
                counts.drops(),
                counts.clones(),
                "while the handle lives, only an old value it cloned may have been dropped: {} clones, {} drops \
                 (a moved value must not be dropped by the old block, a cloned one must be)",
                counts.clones(),
                counts.drops()
            );
            assert_eq!(a.read(), 2, "the write through make_mut's &mut T is not in the handle's value");
            assert_eq!(MyArc::strong_count(&a), 1, "after make_mut, this is the only MyArc: strong count 1");
            assert_eq!(
                MyArc::weak_count(&a),
                0,
                "the Weaks belong to the old block, not to make_mut's value"
            );
            // A Weak made afterwards belongs to the new value.
            let w3 = MyArc::downgrade(&a);
            assert_eq!(
                w3.upgrade().map(|b| b.read()),
                Some(2),
                "a Weak made after make_mut must upgrade to its value"
            );
            if weak_goes_first {
                drop((w1, w2, w3));
                drop(a);
            } else {
                drop(a);
                drop((w3, w2, w1));
            }
            assert_eq!(
                counts.drops(),
                counts.clones() + 1,
                "every value must be dropped exactly once: {} clones, {} drops",
                counts.clones(),
                counts.drops()
            );
            drop(counts);
            let leaked = live_bytes::bytes() - before;
            assert_eq!(
                leaked, 0,
                "{leaked} bytes are still allocated after every handle was dropped: a block was never freed \
                 (the old block's last Weak must free it, and make_mut must give up the strong handles' share \
                 of its weak count)"
            );
        }
    });
}

/// Runs `make_mut(&mut a)` with a `T::clone` that panics, and returns
/// whether it panicked in the clone (it may not clone at all).
#[cfg(not(loom))]
fn make_mut_with_a_panicking_clone(a: &mut MyArc<Cell>, counts: &Counts) -> bool {
    counts.clone_panics.store(true, Ordering::Relaxed);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        MyArc::make_mut(a).write(2);
    }));
    counts.clone_panics.store(false, Ordering::Relaxed);
    match outcome {
        Ok(()) => false,
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            if message != CLONE_PANIC {
                std::panic::resume_unwind(panic);
            }
            true
        }
    }
}

/// `T::clone` panics while another `MyArc` shares the value: `this` still
/// holds the old value, and every count is as it was.
#[cfg(not(loom))]
#[test]
fn panicking_clone_while_shared() {
    model(|| {
        let counts = Arc::new(Counts::default());
        let mut a = cell(1, &counts);
        let b = a.clone();
        let w = MyArc::downgrade(&a);
        let panicked = make_mut_with_a_panicking_clone(&mut a, &counts);
        assert!(
            panicked,
            "another MyArc shares the value, so make_mut must call T::clone (which panics here)"
        );
        assert_eq!(
            MyArc::strong_count(&a),
            2,
            "after a panicking T::clone the strong count must be as before (2)"
        );
        assert_eq!(
            MyArc::weak_count(&a),
            1,
            "after a panicking T::clone the weak count must be as before (1)"
        );
        assert_eq!(
            address(&a),
            address(&b),
            "after a panicking T::clone, this must still hold the shared value"
        );
        assert_eq!(a.read(), 1);
        assert!(w.upgrade().is_some(), "after a panicking T::clone the Weak must still upgrade");
        assert_eq!(counts.drops(), 0, "a panicking T::clone dropped a value that handles still hold");
        drop((a, b, w));
        assert_eq!(counts.drops(), 1, "the value must be dropped exactly once");
    });
}

/// `T::clone` panics while only `Weak`s share the value (if `make_mut`
/// clones then): `this` and the `Weak`s are as they were.
#[cfg(not(loom))]
#[test]
fn panicking_clone_with_weaks() {
    model(|| {
        let counts = Arc::new(Counts::default());
        let mut a = cell(1, &counts);
        let w = MyArc::downgrade(&a);
        if make_mut_with_a_panicking_clone(&mut a, &counts) {
            assert_eq!(
                MyArc::strong_count(&a),
                1,
                "after a panicking T::clone, the strong count must be as before (1): a handle counted 0 is never freed, \
                 and its Weaks cannot upgrade"
            );
            assert_eq!(
                MyArc::weak_count(&a),
                1,
                "after a panicking T::clone the weak count must be as before (1)"
            );
            assert_eq!(a.read(), 1);
            assert!(
                w.upgrade().is_some(),
                "after a panicking T::clone the Weak must still upgrade: nothing changed"
            );
        } else {
            assert_eq!(a.read(), 2, "the write through make_mut's &mut T is not in the handle's value");
            assert!(w.upgrade().is_none(), "a Weak made before make_mut still upgrades");
        }
        drop((a, w));
        assert_eq!(counts.drops(), 1, "the value must be dropped exactly once");
    });
}

/// Threads each hold a clone and `make_mut` it again and again: each writes
/// only its own value, reads back its own writes, and every value is dropped
/// once.
#[cfg(not(loom))]
#[test]
fn threads_make_mut_their_own() {
    const THREADS: u64 = if cfg!(miri) { 3 } else { 4 };
    const ROUNDS: u64 = if cfg!(miri) { 4 } else { 200 };
    model(|| {
        let counts = Arc::new(Counts::default());
        let a = cell(0, &counts);
        std::thread::scope(|s| {
            for id in 1..=THREADS {
                let mut mine = a.clone();
                let w = MyArc::downgrade(&a);
                s.spawn(move || {
                    for round in 0..ROUNDS {
                        let value = id * 1000 + round;
                        MyArc::make_mut(&mut mine).write(value);
                        assert_eq!(mine.read(), value, "another thread wrote into this thread's value");
                        if round % 2 == 0 {
                            // Share it again, for a moment, with a Weak that may upgrade.
                            let again = w.upgrade();
                            drop(again);
                            let clone = mine.clone();
                            drop(clone);
                        }
                    }
                    assert_eq!(MyArc::strong_count(&mine), 1, "after make_mut, this is the only MyArc");
                });
            }
        });
        assert_eq!(a.read(), 0, "a make_mut on another handle wrote into this one's value");
        drop(a);
        assert_eq!(
            counts.drops(),
            counts.clones() + 1,
            "every value must be dropped exactly once: {} clones, {} drops",
            counts.clones(),
            counts.drops()
        );
    });
}

// ANCHOR: make_mut_after_a_reader_drops
/// Another thread reads through a clone and drops it; this thread waits
/// until it has (`reader_drops_first`) and writes through `make_mut`. Only
/// the clone's Release decrement and `make_mut`'s Acquire read of the
/// strong count order that read before the write, and Miri's data-race
/// detector checks it.
#[test]
fn make_mut_after_a_reader_drops() {
    model(|| {
        let counts = Arc::new(Counts::default());
        let a = cell(42, &counts);
        let reader = reader_drops_first(a.clone(), Cell::read);
        make_mut_beside(a, &counts, reader);
    });
}
// ANCHOR_END: make_mut_after_a_reader_drops

// Models of `make_mut` racing another thread (loom explores them).

// ANCHOR: make_mut_racing
/// Writes 7 through `make_mut` while `other` runs, joins it, and checks what
/// the contract promises however the two threads interleaved: the write is
/// in this handle's value, this is the only `MyArc` left, and every value
/// was dropped exactly once.
fn make_mut_beside<R>(mut a: MyArc<Cell>, counts: &Counts, other: thread::JoinHandle<R>) {
    MyArc::make_mut(&mut a).write(7);
    other.join().unwrap();
    assert_eq!(a.read(), 7, "the write through make_mut's &mut T is not in the handle's value");
    assert_eq!(MyArc::strong_count(&a), 1, "the other thread's handles are gone: strong count 1");
    drop(a);
    assert_eq!(counts.drops(), counts.clones() + 1, "every value must be dropped exactly once");
}

/// One model of `make_mut` racing another thread: this thread makes the only
/// `MyArc`, gives the other thread what `share` makes of it (a clone, a
/// `Weak`), and writes through `make_mut` while the other runs `other`.
fn make_mut_racing<H: Send + 'static>(share: fn(&MyArc<Cell>) -> H, other: fn(H)) {
    model(move || {
        let counts = Arc::new(Counts::default());
        let a = cell(42, &counts);
        let shared = share(&a);
        let other = thread::spawn(move || other(shared));
        make_mut_beside(a, &counts, other);
    });
}
// ANCHOR_END: make_mut_racing

/// Fails the model if `handle` shows anything but the value it had before
/// `make_mut`, which writes 7 (and a drop writes 0). The handle is
/// forgotten first: dropping it while the model unwinds would drop the
/// value, and free the block, a second time.
fn expect_untouched(handle: MyArc<Cell>, why: &str) {
    if handle.read() != 42 {
        std::mem::forget(handle);
        panic!("{why}");
    }
}

// ANCHOR: make_mut_while_a_weak_upgrades
/// This thread holds the only `MyArc` and writes through `make_mut`; the
/// other holds the only `Weak`, upgrades it, drops the `Weak` and reads
/// through its new `MyArc`. Either the upgrade comes first, and `make_mut`
/// must clone, or it comes after, and must return `None`: it never reaches
/// the value behind the `&mut T`.
#[test]
fn make_mut_while_a_weak_upgrades() {
    make_mut_racing(MyArc::downgrade, |w| {
        if let Some(b) = w.upgrade() {
            drop(w);
            expect_untouched(
                b,
                "an upgraded Weak sees make_mut's write: it reached the value behind the &mut T",
            );
        }
    });
}
// ANCHOR_END: make_mut_while_a_weak_upgrades

/// This thread writes through `make_mut` while the other reads through a
/// clone and drops it: `make_mut` clones if the clone is still there, and
/// writes in place only once its reads are over.
#[test]
fn make_mut_while_a_clone_is_dropped() {
    make_mut_racing(MyArc::clone, |b| {
        assert_eq!(b.read(), 42, "a clone sees make_mut's write: it reached the value behind the &mut T");
        drop(b);
    });
}

/// The other thread holds a clone, downgrades it, drops the clone and
/// upgrades again, while this thread writes through `make_mut`. A
/// `make_mut` that reads the weak count (1, before the downgrade) and then
/// the strong count (1, after the clone's drop) writes in place while the
/// new `Weak` can upgrade.
#[test]
fn make_mut_while_a_clone_downgrades() {
    make_mut_racing(MyArc::clone, |b| {
        let w = MyArc::downgrade(&b);
        drop(b);
        if let Some(c) = w.upgrade() {
            drop(w);
            expect_untouched(
                c,
                "an upgraded Weak sees make_mut's write: it reached the value behind the &mut T",
            );
        }
    });
}

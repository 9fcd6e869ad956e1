//! Exercise 1: `MyArc` counts its handles, lends `&T` and `&mut T` only when
//! it may, and drops the value exactly once, on the last drop.
//! Run under Miri too: `cargo +nightly miri test -p lab8 --test ex1_arc`.
#![cfg(not(loom))]

use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

use lab8::MyArc;

#[cfg(not(loom))]
#[path = "support/live_bytes.rs"]
mod live_bytes;

/// A value that counts its drops in a counter the test owns, and reads its
/// own data while dropping.
struct Counted<'a> {
    text: String,
    drops: &'a AtomicUsize,
}

impl Drop for Counted<'_> {
    fn drop(&mut self) {
        assert_eq!(self.text, "payload", "the value was overwritten before its drop");
        self.drops.fetch_add(1, SeqCst);
    }
}

fn counted(drops: &AtomicUsize) -> Counted<'_> {
    Counted { text: "payload".to_string(), drops }
}

#[test]
fn new_and_deref() {
    let a = MyArc::new(vec![1, 2, 3]);
    assert_eq!(*a, [1, 2, 3]);
    assert_eq!(MyArc::strong_count(&a), 1);
}

#[test]
fn clone_counts() {
    let a = MyArc::new(7_u64);
    let b = a.clone();
    assert_eq!(MyArc::strong_count(&a), 2, "clone must count one more handle");
    let c = b.clone();
    assert_eq!(MyArc::strong_count(&c), 3);
    drop(b);
    assert_eq!(MyArc::strong_count(&a), 2, "drop must count one handle less");
    assert_eq!((*a, *c), (7, 7));
}

#[test]
fn last_drop_drops_payload_once() {
    let drops = AtomicUsize::new(0);
    let a = MyArc::new(counted(&drops));
    let b = a.clone();
    drop(a);
    assert_eq!(drops.load(SeqCst), 0, "dropped while a handle was left");
    assert_eq!(b.text, "payload");
    drop(b);
    assert_eq!(drops.load(SeqCst), 1, "the last drop must drop the value once");
}

/// The last drop frees the block as well as dropping the value. A leaked
/// block is safe, so only this count (and Miri's leak check) sees it.
#[cfg(not(loom))]
#[test]
fn last_drop_frees_the_block() {
    let before = live_bytes::bytes();
    let a = MyArc::new([7u64; 4]);
    let b = a.clone();
    drop(a);
    drop(b);
    let leaked = live_bytes::bytes() - before;
    assert_eq!(
        leaked, 0,
        "{leaked} bytes are still allocated after the last MyArc was dropped: the last drop must free the block"
    );
}

#[test]
fn get_mut_only_when_unique() {
    let mut a = MyArc::new(String::from("one"));
    MyArc::get_mut(&mut a).expect("the only handle gets &mut").push_str(" two");
    let b = a.clone();
    assert!(MyArc::get_mut(&mut a).is_none(), "get_mut while another handle exists");
    drop(b);
    assert!(MyArc::get_mut(&mut a).is_some(), "get_mut after the other handle is gone");
    assert_eq!(*a, "one two");
}

#[test]
fn threads_clone_and_drop() {
    let drops = AtomicUsize::new(0);
    let a = MyArc::new(counted(&drops));
    std::thread::scope(|s| {
        for _ in 0..4 {
            let mine = a.clone();
            s.spawn(move || {
                for _ in 0..50 {
                    let again = mine.clone();
                    assert_eq!(again.text, "payload");
                }
            });
        }
    });
    assert_eq!(MyArc::strong_count(&a), 1, "every clone on every thread was dropped");
    drop(a);
    assert_eq!(drops.load(SeqCst), 1);
}

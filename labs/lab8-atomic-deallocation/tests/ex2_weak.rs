//! Exercise 2 (optional): `Weak` keeps the block, not the value, and
//! `upgrade` fails once the last `MyArc` is gone.
#![cfg(not(loom))]

use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

use lab8::MyArc;

struct Counted<'a>(&'a AtomicUsize);

impl Drop for Counted<'_> {
    fn drop(&mut self) {
        self.0.fetch_add(1, SeqCst);
    }
}

#[test]
fn upgrade_while_alive() {
    let a = MyArc::new(5_u32);
    let w = MyArc::downgrade(&a);
    assert_eq!(MyArc::weak_count(&a), 1);
    let b = w.upgrade().expect("the value is alive");
    assert_eq!(*b, 5);
    assert_eq!(MyArc::strong_count(&a), 2, "upgrade must count a strong handle");
}

#[test]
fn upgrade_after_last_drop_is_none() {
    let drops = AtomicUsize::new(0);
    let a = MyArc::new(Counted(&drops));
    let w = MyArc::downgrade(&a);
    drop(a);
    assert_eq!(drops.load(SeqCst), 1, "the last MyArc drops the value even with a Weak left");
    assert!(w.upgrade().is_none(), "upgrade after the value was dropped");
    drop(w);
    assert_eq!(drops.load(SeqCst), 1);
}

#[test]
fn weak_outlives_and_get_mut_sees_it() {
    let mut a = MyArc::new(String::from("x"));
    let w = MyArc::downgrade(&a);
    assert!(MyArc::get_mut(&mut a).is_none(), "get_mut while a Weak could upgrade");
    drop(w);
    assert_eq!(MyArc::weak_count(&a), 0);
    assert!(MyArc::get_mut(&mut a).is_some());
}

//! Exercises 1 and 2: `MyArc<T>`, a shared handle whose last `Drop` frees
//! the block, and (optional) `Weak<T>` with `upgrade`.
//!
//! The block layout and the handles' fields are given (`src/block.rs`);
//! write the method bodies. Use the atomics from `crate::sync` (not `std::sync::atomic`), so
//! the loom build can swap them in.

#[allow(unused_imports)]
use std::marker::PhantomData;
#[allow(unused_imports)]
use std::mem::ManuallyDrop;
use std::ops::Deref;
#[allow(unused_imports)]
use std::ptr::NonNull;

#[allow(unused_imports)]
use crate::block::{Inner, MyArc, Weak};
#[allow(unused_imports)]
use crate::sync::{AtomicUsize, Ordering, fence, spin_loop};

impl<T> MyArc<T> {
    /// Moves `value` into a new block with one strong handle. The block must
    /// be freed, later, by whichever handle turns out to be the last, on any
    /// thread, through a pointer that is allowed to free it.
    pub fn new(value: T) -> Self {
        todo!(
            "lab8 exercise 1: a block that the last handle, wherever it is, may free (book: ch. 5, The last drop)"
        )
    }

    /// How many `MyArc`s share the value (stale as soon as it returns).
    pub fn strong_count(this: &Self) -> usize {
        todo!("lab8 exercise 1: how many MyArcs share the value (book: ch. 5, The last drop)")
    }

    /// How many `Weak`s point at the value.
    pub fn weak_count(this: &Self) -> usize {
        todo!("lab8 exercise 2: how many Weaks point at the value (book: ch. 5, Weak handles)")
    }

    /// `&mut T` if this is the only handle, strong or weak, and `None`
    /// otherwise. When it says `Some`, every use of the value by a handle
    /// that was dropped on another thread is over before the caller writes,
    /// and no new handle can appear while the `&mut T` lives. Exercise 1 has
    /// no `Weak`s yet; exercise 2 must keep it sound while other threads
    /// upgrade and downgrade (the loom models in `ex2_weak`).
    pub fn get_mut(this: &mut Self) -> Option<&mut T> {
        todo!("lab8 exercise 1: &mut T only when no other handle exists, or can (book: ch. 5, The last drop)")
    }

    /// A `Weak` handle to the same value. It must not appear while another
    /// handle's `get_mut` is deciding that it is the only handle.
    pub fn downgrade(this: &Self) -> Weak<T> {
        todo!(
            "lab8 exercise 2: a Weak that never slips past a get_mut deciding it is alone (book: ch. 5, Weak handles)"
        )
    }
}

// ANCHOR: clone
impl<T> Clone for MyArc<T> {
    /// Another handle to the same value. `mem::forget` is safe, so a program
    /// may leak handles without end: the count must never wrap around to a
    /// value that lets a later drop free a block still in use.
    fn clone(&self) -> Self {
        todo!(
            "lab8 exercise 1: one more handle, and a count that can never wrap (book: ch. 5, The last drop)"
        )
    }
}
// ANCHOR_END: clone

impl<T> Deref for MyArc<T> {
    type Target = T;

    /// The value, for as long as this handle lives. The counters beside it
    /// change under other threads' feet: a reference handed out here must
    /// cover the value alone.
    fn deref(&self) -> &T {
        todo!("lab8 exercise 1: the shared value, and only the value (book: ch. 5, The last drop)")
    }
}

// ANCHOR: drop
impl<T> Drop for MyArc<T> {
    /// Gives up this handle. The last one, on whatever thread, drops the
    /// value once and frees the block (with exercise 2: once no `Weak` is
    /// left either). Every other handle's use of the value, on every
    /// thread, happens before that drop; and no reference into the block
    /// may be alive at the moment another thread could free it.
    fn drop(&mut self) {
        todo!(
            "lab8 exercise 1: the last handle frees, after every other handle's use of the value (book: ch. 5, The last drop)"
        )
    }
}
// ANCHOR_END: drop

// ANCHOR: upgrade
impl<T> Weak<T> {
    /// A `MyArc` if the value is still alive. Once the last `MyArc` has
    /// decided to drop the value, no `upgrade` may bring it back.
    pub fn upgrade(&self) -> Option<MyArc<T>> {
        todo!("lab8 exercise 2: a strong handle, only to a value still alive (book: ch. 5, Weak handles)")
    }
}
// ANCHOR_END: upgrade

impl<T> Drop for Weak<T> {
    /// Gives up this handle. The block is freed once no handle of either
    /// kind is left, after every other handle's last use of it.
    fn drop(&mut self) {
        todo!(
            "lab8 exercise 2: the block freed when the last handle of either kind goes (book: ch. 5, Weak handles)"
        )
    }
}

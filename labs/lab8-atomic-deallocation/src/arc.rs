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
    /// Moves `value` into a new block with one strong handle.
    pub fn new(value: T) -> Self {
        todo!(
            "lab8 exercise 1: allocate the block with Box and keep a raw pointer (book: ch. 5, The last drop)"
        )
    }

    /// How many `MyArc`s share the value (stale as soon as it returns).
    pub fn strong_count(this: &Self) -> usize {
        todo!("lab8 exercise 1: load the strong count (book: ch. 5, The last drop)")
    }

    /// How many `Weak`s point at the value.
    pub fn weak_count(this: &Self) -> usize {
        todo!(
            "lab8 exercise 2: load the weak count, minus the strong handles' one (book: ch. 5, Weak handles)"
        )
    }

    /// `&mut T` if this is the only handle, strong or weak. Exercise 1 has
    /// no `Weak`s yet; exercise 2 must keep it sound while other threads
    /// upgrade and downgrade (the loom models in `ex2_weak`).
    pub fn get_mut(this: &mut Self) -> Option<&mut T> {
        todo!(
            "lab8 exercise 1: hand out &mut T only when no other handle exists (book: ch. 5, The last drop)"
        )
    }

    /// A `Weak` handle to the same value. It must not appear while another
    /// handle's `get_mut` is deciding that it is the only handle.
    pub fn downgrade(this: &Self) -> Weak<T> {
        todo!("lab8 exercise 2: count one more weak handle (book: ch. 5, Weak handles)")
    }
}

// ANCHOR: clone
impl<T> Clone for MyArc<T> {
    fn clone(&self) -> Self {
        todo!("lab8 exercise 1: count one more strong handle; abort on overflow (book: ch. 5, The last drop)")
    }
}
// ANCHOR_END: clone

impl<T> Deref for MyArc<T> {
    type Target = T;

    fn deref(&self) -> &T {
        todo!("lab8 exercise 1: borrow the value, not the whole block (book: ch. 5, The last drop)")
    }
}

// ANCHOR: drop
impl<T> Drop for MyArc<T> {
    fn drop(&mut self) {
        todo!(
            "lab8 exercise 1: Release decrement, Acquire fence, free with no reference into the block (book: ch. 5, The last drop)"
        )
    }
}
// ANCHOR_END: drop

// ANCHOR: upgrade
impl<T> Weak<T> {
    /// A `MyArc` if the value is still alive.
    pub fn upgrade(&self) -> Option<MyArc<T>> {
        todo!("lab8 exercise 2: increment the strong count unless it is zero (book: ch. 5, Weak handles)")
    }
}
// ANCHOR_END: upgrade

impl<T> Drop for Weak<T> {
    fn drop(&mut self) {
        todo!("lab8 exercise 2: the last weak handle frees the block (book: ch. 5, Weak handles)")
    }
}

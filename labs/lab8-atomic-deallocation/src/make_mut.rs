//! Exercise 4 (stretch): `MyArc::make_mut`, clone-on-write that stays sound
//! while `Weak`s upgrade and other handles are cloned and dropped on other
//! threads.
//!
//! How to build it is yours to decide: the doc comment says what must hold.
//! It builds on your answers to exercises 1 and 2 (`src/arc.rs`); use the
//! atomics from `crate::sync`, as there.

#[allow(unused_imports)]
use std::marker::PhantomData;
#[allow(unused_imports)]
use std::mem::ManuallyDrop;
#[allow(unused_imports)]
use std::ptr::NonNull;

#[allow(unused_imports)]
use crate::block::{Inner, MyArc, Weak};
#[allow(unused_imports)]
use crate::sync::{AtomicUsize, Ordering, fence};

// ANCHOR: contract
impl<T: Clone> MyArc<T> {
    /// `&mut T` to a value that no other handle can reach, cloning the value
    /// only when another `MyArc` shares it (clone-on-write).
    ///
    /// - **Another `MyArc` shares the value:** `this` moves to a new block
    ///   that holds one clone (`T::clone` runs once); the other handles, and
    ///   the `Weak`s, keep the old value.
    /// - **`this` is the only handle, strong or weak:** the value stays
    ///   where it is: no clone, no new block.
    /// - **`this` is the only `MyArc`, but `Weak`s exist:** from the moment
    ///   `make_mut` returns, every one of those `Weak`s upgrades to `None`,
    ///   for good. Moving the value or cloning it is your choice (at most
    ///   one `T::clone`).
    ///
    /// Afterwards `this` is the only handle of either kind to its value
    /// (strong count 1, weak count 0), and every value, old or new, is
    /// dropped exactly once, by the last handle to it. Other threads may
    /// meanwhile upgrade their `Weak`s and clone and drop their `MyArc`s: an
    /// upgrade racing `make_mut` returns `None` or a handle to a value that
    /// is not the one behind the `&mut T`, and every use of the value by a
    /// handle dropped on another thread happens before the caller writes. If
    /// `T::clone` panics, `this` still holds its old value and every count
    /// is as it was.
    pub fn make_mut(this: &mut Self) -> &mut T {
        todo!(
            "lab8 exercise 4: &mut T to a value no other handle, strong or weak, can reach, cloned only when another MyArc shares it (book: ch. 5, Clone on write)"
        )
    }
}
// ANCHOR_END: contract

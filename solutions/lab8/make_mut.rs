//! Reference answer for exercise 4: `MyArc::make_mut`, clone-on-write that
//! moves the value out from under the `Weak`s when no other `MyArc` is left.

use std::marker::PhantomData;
use std::mem::ManuallyDrop;
use std::ptr::NonNull;

use crate::block::{Inner, MyArc, Weak};
use crate::sync::{AtomicUsize, Ordering};

/// The strong count, through a raw pointer (as in `arc.rs`): the only
/// reference this makes is the `&AtomicUsize` one call needs.
///
/// # Safety
/// `ptr` points to a live block.
unsafe fn strong<'a, T>(ptr: NonNull<Inner<T>>) -> &'a AtomicUsize {
    // SAFETY: the caller promises the block is live; this borrows only the
    // counter, which lives inside an `UnsafeCell`.
    unsafe { &(*ptr.as_ptr()).strong }
}

/// The weak count, as `strong` does it.
///
/// # Safety
/// `ptr` points to a live block.
unsafe fn weak<'a, T>(ptr: NonNull<Inner<T>>) -> &'a AtomicUsize {
    // SAFETY: as in `strong`.
    unsafe { &(*ptr.as_ptr()).weak }
}

impl<T: Clone> MyArc<T> {
    // ANCHOR: make_mut
    /// `&mut T` to a value no other handle can reach, cloned only when
    /// another `MyArc` shares it.
    pub fn make_mut(this: &mut Self) -> &mut T {
        // Take the strong count from 1 to 0, if it is 1: from then on every
        // `upgrade` fails (zero is final), so no new `MyArc` can appear while
        // we decide. Acquire: every other `MyArc` dropped before (a Release
        // decrement) finished with the value before we move or write it.
        // SAFETY: `this` keeps the block alive.
        let alone = unsafe { strong(this.ptr) }.compare_exchange(1, 0, Ordering::Acquire, Ordering::Relaxed);
        if alone.is_err() {
            // Another `MyArc` shares the value: clone it into a block of our
            // own. The clone runs before anything changes, so a panicking
            // `T::clone` leaves `this` as it was. Assigning drops our handle
            // to the old block as any drop would (it may be the last one by
            // now, if the other handle went meanwhile).
            *this = MyArc::new(T::clone(&**this));
        } else {
            // Relaxed: a stale count only costs a needless move, and the
            // count cannot read as `get_mut`'s lock: only a `MyArc` locks it,
            // and every other `MyArc` unlocked it before its drop, which our
            // compare-exchange acquired.
            // SAFETY: no other `MyArc` exists, and ours still holds the
            // strong handles' weak count, so the block stays.
            let weaks = unsafe { weak(this.ptr) }.load(Ordering::Relaxed) != 1;
            if weaks {
                // `Weak`s exist. Nobody can upgrade to the value any more, and
                // nobody else may drop it: move it into a new block and leave
                // the old block to the `Weak`s, which all upgrade to `None`.
                let old = this.ptr;
                // SAFETY: the strong count is 0 and we took it there: nobody
                // else reads or drops the value, and this `&mut` covers the
                // value alone, not the counts the `Weak`s still use.
                let data = unsafe { &mut (*old.as_ptr()).data };
                // SAFETY: read out once; the old block's `data` is never
                // dropped or read after this.
                let value = unsafe { ManuallyDrop::take(data) };
                let moved = MyArc::new(value);
                // SAFETY: `this` is overwritten without running its `Drop`:
                // the old handle's strong count is given up already (the
                // compare-exchange), and its share of the weak count below.
                unsafe { std::ptr::write(this, moved) };
                // The strong handles' weak count on the old block, given up as
                // a `Weak`'s drop gives it up: the last `Weak` frees the block.
                drop(Weak { ptr: old, _owns: PhantomData });
            } else {
                // No handle of either kind but ours, and none can appear: a
                // `Weak` is made from a `MyArc`. Put the count back. Release:
                // a later `upgrade` of a `Weak` made from `this` (an Acquire
                // increment) sees our writes through the `&mut T`.
                // SAFETY: as above.
                unsafe { strong(this.ptr) }.store(1, Ordering::Release);
            }
        }
        // SAFETY: `this` is now the only handle of either kind to its value
        // (cloned into a new block, moved into one, or alone all along), and
        // `&mut this` stops a new one being made while the `&mut T` lives.
        unsafe { &mut (*this.ptr.as_ptr()).data }
    }
    // ANCHOR_END: make_mut
}

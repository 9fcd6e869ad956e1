//! Reference answer for exercises 1 and 2: `MyArc<T>`, whose last `Drop`
//! frees the block without a reference into it, and `Weak<T>`.

use std::marker::PhantomData;
use std::mem::ManuallyDrop;
use std::ops::Deref;
use std::ptr::NonNull;

use crate::block::{Inner, MyArc, Weak};
use crate::sync::{AtomicUsize, Ordering, fence, spin_loop};

/// Past this many handles `clone` aborts: a program that leaks handles in a
/// loop (`mem::forget` is safe) must not wrap the count back to zero and free
/// a block that is still in use.
const MAX_REFCOUNT: usize = isize::MAX as usize;

/// The weak count while `get_mut` holds it locked: no real count reaches it
/// (`downgrade` aborts past `MAX_REFCOUNT`).
const LOCKED: usize = usize::MAX;

/// The strong count, through a raw pointer: the only reference this creates
/// is the `&AtomicUsize` the method call needs.
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

impl<T> MyArc<T> {
    /// Moves `value` into a new block with one strong handle.
    pub fn new(value: T) -> Self {
        let inner = Box::new(Inner {
            strong: AtomicUsize::new(1),
            weak: AtomicUsize::new(1),
            data: ManuallyDrop::new(value),
        });
        Self { ptr: NonNull::from(Box::leak(inner)), _owns: PhantomData }
    }

    /// How many `MyArc`s share the value (stale as soon as it returns).
    pub fn strong_count(this: &Self) -> usize {
        // SAFETY: `this` keeps the block alive.
        unsafe { strong(this.ptr) }.load(Ordering::Acquire)
    }

    /// How many `Weak`s point at the value.
    pub fn weak_count(this: &Self) -> usize {
        // SAFETY: `this` keeps the block alive.
        match unsafe { weak(this.ptr) }.load(Ordering::Acquire) {
            // `get_mut` locks the count only while it is 1: no `Weak` exists.
            LOCKED => 0,
            n => n - 1,
        }
    }

    // ANCHOR: get_mut
    /// `&mut T` if this is the only handle, strong or weak.
    pub fn get_mut(this: &mut Self) -> Option<&mut T> {
        // SAFETY: `this` keeps the block alive.
        let weak = unsafe { weak(this.ptr) };
        // Two loads, one per count, are not enough: between them another
        // thread can upgrade its `Weak` and drop it (strong 1 -> 2, weak 2 ->
        // 1), or downgrade its clone and drop the clone. So lock the weak
        // count first, if it is 1 (no `Weak` exists): while it is locked
        // `downgrade` waits, so no `Weak` can appear before we have read the
        // strong count. Acquire: a `Weak` dropped before (a Release
        // decrement) did its upgrade, and so that handle's increment of the
        // strong count, before we read it.
        if weak.compare_exchange(1, LOCKED, Ordering::Acquire, Ordering::Relaxed).is_err() {
            return None;
        }
        // Acquire: every other `MyArc`'s drop (a Release decrement) happened
        // before, so their reads of the value are over before we write.
        // SAFETY: as above.
        let unique = unsafe { strong(this.ptr) }.load(Ordering::Acquire) == 1;
        // Release: a `downgrade` that sees the count unlocked (an Acquire
        // read) comes after our read of the strong count.
        weak.store(1, Ordering::Release);
        if !unique {
            return None;
        }
        // SAFETY: no other `MyArc` and no `Weak` exists, and `&mut this`
        // stops one being made from this handle while the `&mut T` lives, so
        // it is the only reference to the value.
        Some(unsafe { &mut (*this.ptr.as_ptr()).data })
    }
    // ANCHOR_END: get_mut

    /// A `Weak` handle to the same value.
    pub fn downgrade(this: &Self) -> Weak<T> {
        // SAFETY: `this` keeps the block alive.
        let weak = unsafe { weak(this.ptr) };
        let mut n = weak.load(Ordering::Relaxed);
        loop {
            // `get_mut` on another handle holds the count: wait for it.
            if n == LOCKED {
                spin_loop();
                n = weak.load(Ordering::Relaxed);
                continue;
            }
            if n > MAX_REFCOUNT {
                std::process::abort();
            }
            // Acquire: pairs with `get_mut`'s Release unlock, so its read of
            // the strong count happened before this `Weak` exists.
            match weak.compare_exchange_weak(n, n + 1, Ordering::Acquire, Ordering::Relaxed) {
                Ok(_) => return Weak { ptr: this.ptr, _owns: PhantomData },
                Err(now) => n = now,
            }
        }
    }
}

// ANCHOR: clone
impl<T> Clone for MyArc<T> {
    fn clone(&self) -> Self {
        // Relaxed: `self` already keeps the block alive, and a new handle
        // publishes nothing.
        // SAFETY: `self` keeps the block alive.
        let old = unsafe { strong(self.ptr) }.fetch_add(1, Ordering::Relaxed);
        if old > MAX_REFCOUNT {
            // Only leaked handles get here; wrapping around would free a
            // block in use, and panicking would run more code that might
            // clone, so stop the process.
            std::process::abort();
        }
        Self { ptr: self.ptr, _owns: PhantomData }
    }
}
// ANCHOR_END: clone

impl<T> Deref for MyArc<T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: `self` keeps the value alive, and nobody holds `&mut T`
        // while another handle exists (see `get_mut`). The reference covers
        // the value only, not the counters.
        unsafe { &(*self.ptr.as_ptr()).data }
    }
}

// ANCHOR: drop
impl<T> Drop for MyArc<T> {
    fn drop(&mut self) {
        // Release: our reads of the value happen before whoever sees the
        // count reach zero frees it. Only a raw pointer and this temporary
        // `&AtomicUsize` are live across the decrement.
        // SAFETY: this handle keeps the block alive until the decrement.
        if unsafe { strong(self.ptr) }.fetch_sub(1, Ordering::Release) != 1 {
            return;
        }
        // Acquire: every other handle's Release decrement, and so every read
        // they made of the value, happens before we drop it.
        fence(Ordering::Acquire);
        // SAFETY: the count reached zero, so no handle and no `&T` remain;
        // the value is dropped once, in place, through the raw pointer.
        let data = unsafe { &mut (*self.ptr.as_ptr()).data };
        // SAFETY: dropped once: the count cannot rise from zero again.
        unsafe { ManuallyDrop::drop(data) };
        // The strong handles' shared weak reference goes last; it frees the
        // block if no `Weak` is left. (`Weak`'s own drop does the same; this
        // is written out here so that exercise 1 stands without exercise 2.)
        // SAFETY: the shared weak reference keeps the block alive until here.
        if unsafe { weak(self.ptr) }.fetch_sub(1, Ordering::Release) != 1 {
            return;
        }
        // Acquire: a `Weak` dropped on another thread is done with the block.
        fence(Ordering::Acquire);
        // SAFETY: no handle of either kind is left and the value was dropped
        // above; the block came from `Box::new` in `MyArc::new`.
        drop(unsafe { Box::from_raw(self.ptr.as_ptr()) });
    }
}
// ANCHOR_END: drop

// ANCHOR: upgrade
impl<T> Weak<T> {
    /// A `MyArc` if the value is still alive.
    pub fn upgrade(&self) -> Option<MyArc<T>> {
        // SAFETY: this `Weak` keeps the block (not the value) alive.
        let strong = unsafe { strong(self.ptr) };
        let mut n = strong.load(Ordering::Relaxed);
        loop {
            // Zero is final: the value is being dropped or is gone.
            if n == 0 {
                return None;
            }
            if n > MAX_REFCOUNT {
                std::process::abort();
            }
            match strong.compare_exchange_weak(n, n + 1, Ordering::Acquire, Ordering::Relaxed) {
                Ok(_) => return Some(MyArc { ptr: self.ptr, _owns: PhantomData }),
                Err(now) => n = now,
            }
        }
    }
}
// ANCHOR_END: upgrade

impl<T> Drop for Weak<T> {
    fn drop(&mut self) {
        // SAFETY: this handle keeps the block alive until the decrement.
        if unsafe { weak(self.ptr) }.fetch_sub(1, Ordering::Release) != 1 {
            return;
        }
        fence(Ordering::Acquire);
        // SAFETY: the last handle of either kind is gone and the value was
        // dropped already; the block came from `Box::new` in `MyArc::new`.
        drop(unsafe { Box::from_raw(self.ptr.as_ptr()) });
    }
}

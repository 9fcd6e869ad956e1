//! Given code for exercises 1 and 2: the block one `Box` allocates, the two
//! handles that point into it, and the `Send`/`Sync` they promise. Write the
//! handles' methods in `src/arc.rs`.

use std::marker::PhantomData;
use std::mem::ManuallyDrop;
use std::ptr::NonNull;

use crate::sync::AtomicUsize;

// ANCHOR: inner
/// The block one `Box` allocates: the two counts, then the value.
pub(crate) struct Inner<T> {
    /// How many `MyArc`s exist.
    pub(crate) strong: AtomicUsize,
    /// How many `Weak`s exist, plus one held by all the `MyArc`s together.
    /// (Without exercise 2 you may leave it at 1 and free the block when
    /// `strong` reaches zero.)
    pub(crate) weak: AtomicUsize,
    /// Dropped in place when `strong` reaches zero; freed with the block
    /// when `weak` reaches zero.
    pub(crate) data: ManuallyDrop<T>,
}
// ANCHOR_END: inner

/// A shared, thread-safe, reference-counted handle to a `T`.
pub struct MyArc<T> {
    pub(crate) ptr: NonNull<Inner<T>>,
    /// Dropping a `MyArc` may drop a `T`.
    pub(crate) _owns: PhantomData<Inner<T>>,
}

/// A handle that does not keep the value alive; `upgrade` it to use it.
pub struct Weak<T> {
    pub(crate) ptr: NonNull<Inner<T>>,
    pub(crate) _owns: PhantomData<Inner<T>>,
}

// SAFETY: a `MyArc<T>` hands out `&T` on every thread that holds one and
// drops the `T` on whichever thread drops the last one: `T` must be both.
unsafe impl<T: Send + Sync> Send for MyArc<T> {}
// SAFETY: as for `Send`; `&MyArc<T>` only clones and reads.
unsafe impl<T: Send + Sync> Sync for MyArc<T> {}
// SAFETY: a `Weak<T>` upgrades to a `MyArc<T>` on any thread.
unsafe impl<T: Send + Sync> Send for Weak<T> {}
// SAFETY: as for `Send`.
unsafe impl<T: Send + Sync> Sync for Weak<T> {}

//! Wrong: the `unsafe impl` gives `Unleak<T>` back its `Leak` for every `T`, not only `T: 'static`, so `forget` accepts a guard that borrows a local: unsound in the experiment's terms (the impl breaks `Leak`'s safety contract).
//! Caught by: ex4_unleak::forget_accepts_static_values_and_rejects_borrowed_ones

use crate::leak::Leak;

// ANCHOR: unleak
/// Not `Leak`: a struct with a field of this type is `!Leak` too.
struct MustBeDestroyed;

impl !Leak for MustBeDestroyed {}

/// `T`, made un-forgettable unless it is `'static`.
pub struct Unleak<T> {
    /// The wrapped value.
    pub value: T,
    _must_be_destroyed: MustBeDestroyed,
}

// SAFETY: `Unleak` itself holds no resource, so skipping its destructor
// cannot leave anything in a broken state.
unsafe impl<T> Leak for Unleak<T> {}

impl<T> Unleak<T> {
    /// Wraps `value`.
    pub const fn new(value: T) -> Self {
        Self { value, _must_be_destroyed: MustBeDestroyed }
    }
}
// ANCHOR_END: unleak

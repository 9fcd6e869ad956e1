//! Exercise 4, reference answer (nightly): the `Unleak<T>` wrapper, `Leak`
//! exactly when `T: 'static`. Compiled only with `--features nightly`.

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

// SAFETY: a `'static` value borrows nothing whose lifetime could end, so
// skipping its destructor cannot leave a borrowed object in a broken state.
unsafe impl<T: 'static> Leak for Unleak<T> {}

impl<T> Unleak<T> {
    /// Wraps `value`.
    pub const fn new(value: T) -> Self {
        Self { value, _must_be_destroyed: MustBeDestroyed }
    }
}
// ANCHOR_END: unleak

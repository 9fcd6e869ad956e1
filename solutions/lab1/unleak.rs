//! Exercise 4, reference answer (nightly): the `Unleak<T>` wrapper, `Leak`
//! exactly when `T: 'static`. Compiled only with `--features nightly`.

use crate::leak::Leak;

// ANCHOR: unleak
/// A field that makes its container `!Leak`.
#[derive(Debug, Default, Clone, Copy)]
struct PhantomUnleak;

impl !Leak for PhantomUnleak {}

/// `T`, made un-forgettable unless it is `'static`.
#[derive(Debug, Default, Clone, Copy)]
pub struct Unleak<T>(pub T, PhantomUnleak);

// SAFETY: a `'static` value borrows nothing whose lifetime could end, so
// skipping its destructor cannot leave a borrowed object in a broken state.
unsafe impl<T: 'static> Leak for Unleak<T> {}

impl<T> Unleak<T> {
    /// Wraps `value`.
    pub const fn new(value: T) -> Self {
        Unleak(value, PhantomUnleak)
    }
}
// ANCHOR_END: unleak

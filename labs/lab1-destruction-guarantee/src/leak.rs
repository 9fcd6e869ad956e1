//! The `Leak` auto trait and a `forget` that asks for it: the given half of
//! exercise 4 (nightly only). Given, not an exercise: you write `Unleak` in
//! `unleak.rs`.
//!
//! This is an experiment with unstable compiler features, not Rust today:
//! in stable Rust every type may be forgotten.

// ANCHOR: leak
/// Types whose values may be forgotten. An auto trait, like `Send`: a type
/// is `Leak` when all its fields are, unless an impl says otherwise.
///
/// # Safety
///
/// Implement it by hand only for a type that stays sound when its
/// destructor never runs.
pub unsafe auto trait Leak {}

/// `mem::forget`, as the proposal would bound it: only for `Leak` values.
pub fn forget<T: Leak>(value: T) {
    std::mem::forget(value);
}
// ANCHOR_END: leak

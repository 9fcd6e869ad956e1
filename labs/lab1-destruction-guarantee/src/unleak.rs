//! Exercise 4 (nightly, optional): the `Unleak<T>` wrapper.
//!
//! Only compiled with `--features nightly` on a nightly toolchain:
//! `cargo +nightly test -p lab1 --features nightly --test ex4_unleak`.
//! Book: chapter 1, "Leak as an auto trait"
//! (`ch01-destruction-guarantee/leak-trait.md`).
//!
//! [`Leak`](crate::leak::Leak) and [`forget`](crate::leak::forget) are given
//! in `leak.rs` (bring the trait in with `use crate::leak::Leak;`). Make
//! `Unleak<T>` un-forgettable unless `T: 'static`:
//!
//! 1. add a private marker type with `impl !Leak for Marker {}`;
//! 2. add a field of that type to `Unleak<T>`, so that it is `!Leak` too;
//! 3. give `Unleak<T>` back its `Leak` when `T: 'static`, with an
//!    `unsafe impl` (and a `// SAFETY:` comment saying why that is sound).

// ANCHOR: unleak
/// `T`, made un-forgettable unless it is `'static`.
pub struct Unleak<T> {
    /// The wrapped value.
    pub value: T,
}

impl<T> Unleak<T> {
    /// Wraps `value`.
    pub fn new(value: T) -> Self {
        todo!("lab1 exercise 4: wrap the value with a !Leak marker (book: ch. 1, Leak as an auto trait)")
    }
}
// ANCHOR_END: unleak

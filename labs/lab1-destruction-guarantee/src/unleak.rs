//! Exercise 4 (nightly, optional): the `Unleak<T>` wrapper.
//!
//! Only compiled with `--features nightly` on a nightly toolchain:
//! `cargo +nightly test -p lab1 --features nightly --test ex4_unleak`.
//! Book: chapter 1, "Leak as an auto trait"
//! (`ch01-destruction-guarantee/leak-trait.md`).
//!
//! [`Leak`](crate::leak::Leak) and [`forget`](crate::leak::forget) are given
//! in `leak.rs` (bring the trait in with `use crate::leak::Leak;`). What must
//! hold: `Unleak<T>` is `Leak` exactly when `T: 'static`, so
//! `forget(Unleak::new(&STATIC))` compiles while `forget(Unleak::new(&local))`
//! is refused, and so is forgetting a struct that holds an `Unleak` of a
//! borrow. `Unleak::new` and the public `value` field stay as they are.
//! Anything `unsafe` you write carries a `// SAFETY:` comment saying why it
//! is sound.

// ANCHOR: unleak
/// `T`, made un-forgettable unless it is `'static`.
pub struct Unleak<T> {
    /// The wrapped value.
    pub value: T,
}

impl<T> Unleak<T> {
    /// Wraps `value`.
    pub fn new(value: T) -> Self {
        todo!(
            "lab1 exercise 4: an Unleak that is Leak only for 'static T (book: ch. 1, Leak as an auto trait)"
        )
    }
}
// ANCHOR_END: unleak

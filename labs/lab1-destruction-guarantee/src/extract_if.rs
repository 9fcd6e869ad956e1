//! Exercise 5 (stretch): `Bag::extract_if`, a filtering drain that stays
//! sound when its iterator is forgotten and when its predicate panics.
//!
//! `bag.extract_if(pred)` returns an iterator that walks the bag's items in
//! order, asks `pred` about each one as `next` reaches it, moves out and
//! yields those it accepts (`true`), and keeps the others (`false`) in the
//! bag, in their order. Unlike exercise 3's `drain`, the items that leave
//! are not one range: the holes they leave can be anywhere. Book: chapter
//! 1, "Holes in the middle" (`ch01-destruction-guarantee/leak-amplification.md`).
//!
//! How the items move, and where the bag's length stands at each moment,
//! is yours to design. What must hold is below; every `unsafe` block gets a
//! `// SAFETY:` comment saying why it is sound.

use crate::bag::Bag;

// ANCHOR: extract_if
/// Moves the items a predicate accepts out of a [`Bag`]. Add the fields you
/// need.
pub struct ExtractIf<'a, T, F> {
    bag: &'a mut Bag<T>,
    pred: F,
}

impl<T> Bag<T> {
    /// An iterator over the items `pred` accepts, moved out of the bag in
    /// their order; the items `pred` rejects stay, in their order. `pred`
    /// sees each item, in place (what it changes through the `&mut` stays
    /// changed), only when `next` reaches it: nothing is visited before the
    /// first `next`.
    ///
    /// At every moment the caller could stop, this must hold:
    ///
    /// - **Dropped**, at any point: the bag holds every item that was not
    ///   yielded, in their original order, the ones `pred` never saw
    ///   included. The iterator itself drops nothing.
    /// - **Forgotten**, at any point: the bag is valid. It may have lost
    ///   items (they leak), but it never holds an item that was yielded or
    ///   dropped, nor one item twice, and what it holds is in the original
    ///   order.
    /// - **`pred` panics**, on any call: the panic leaves `next`, nothing has
    ///   been dropped, and the item `pred` was looking at counts as not
    ///   visited: it is not yielded, and dropping the iterator then (as
    ///   unwinding does) keeps it in the bag with the others. After such a
    ///   panic the iterator only needs to be dropped or forgotten soundly.
    pub fn extract_if<F: FnMut(&mut T) -> bool>(&mut self, pred: F) -> ExtractIf<'_, T, F> {
        todo!(
            "lab1 exercise 5: a filtering drain the caller may forget at any point (book: ch. 1, Holes in the middle)"
        )
    }
}

impl<T, F: FnMut(&mut T) -> bool> Iterator for ExtractIf<'_, T, F> {
    type Item = T;

    /// The next item, in order, that `pred` accepts, moved out of the bag;
    /// `None` once `pred` has seen every item.
    fn next(&mut self) -> Option<T> {
        todo!(
            "lab1 exercise 5: each accepted item, in order, exactly once; a panic in pred loses nothing (book: ch. 1, Holes in the middle)"
        )
    }
}

impl<T, F> Drop for ExtractIf<'_, T, F> {
    /// Afterwards the bag holds every item not yielded, in their original
    /// order, and nothing has been dropped.
    fn drop(&mut self) {
        todo!(
            "lab1 exercise 5: the bag without the yielded items, holes closed, order kept (book: ch. 1, Holes in the middle)"
        )
    }
}
// ANCHOR_END: extract_if

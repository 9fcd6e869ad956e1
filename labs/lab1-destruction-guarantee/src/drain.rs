//! Exercise 3: a `drain` for [`Bag`] that stays sound when its guard is
//! forgotten (leak amplification).
//!
//! `bag.drain(start..end)` returns an iterator that moves the items in
//! `start..end` out of the bag, in order. When the iterator is dropped, the
//! items it did not yield are dropped and the items after `end` move down to
//! close the gap, as with `Vec::drain`. If the iterator is *forgotten*
//! instead, at any point, the bag must still be valid: it may be shorter
//! (items may leak), but it must never hold an item that was already moved
//! out or dropped. Book: chapter 1, "Leak amplification"
//! (`ch01-destruction-guarantee/leak-amplification.md`).
//!
//! You will need `unsafe` here: every `unsafe` block gets a `// SAFETY:`
//! comment saying why it is sound (clippy refuses a block without one).
//! Moving this file's code around does not change the contract: *at every
//! moment a caller could forget the iterator*, the bag's length must count
//! only slots that hold a live item nobody else has taken.

use std::ops::Range;

use crate::bag::Bag;

// ANCHOR: drain
/// Moves a range of items out of a [`Bag`]. Add the fields you need.
pub struct Drain<'a, T> {
    bag: &'a mut Bag<T>,
}

impl<T> Bag<T> {
    /// Removes the items in `range` from the bag and returns them as an
    /// iterator. Panics if `range` is not within `0..self.len()`, before
    /// anything is removed. If the iterator is forgotten, at any point, the
    /// bag is valid: it may have lost items, never kept one that was moved
    /// out or dropped.
    pub fn drain(&mut self, range: Range<usize>) -> Drain<'_, T> {
        todo!("lab1 exercise 3: a drain the caller may forget at any point (book: ch. 1, Leak amplification)")
    }
}

impl<T> Iterator for Drain<'_, T> {
    type Item = T;

    /// The items of the range, in order, each handed out at most once.
    fn next(&mut self) -> Option<T> {
        todo!("lab1 exercise 3: each drained item, in order, exactly once (book: ch. 1, Leak amplification)")
    }
}

impl<T> Drop for Drain<'_, T> {
    /// Afterwards the bag holds the items before and after the range, in
    /// their order; each item of the range not handed out is dropped once.
    /// If one of those drops panics, the bag is still valid when the panic
    /// leaves.
    fn drop(&mut self) {
        todo!(
            "lab1 exercise 3: the bag without the range, whatever was yielded (book: ch. 1, Leak amplification)"
        )
    }
}
// ANCHOR_END: drain

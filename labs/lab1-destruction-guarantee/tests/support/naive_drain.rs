//! A deliberately naive `drain` for `Bag`: it shortens the bag only in
//! `Drop`. Correct as long as the iterator is dropped; forgetting it leaves
//! the bag owning items that were already moved out. The tests of exercise 3
//! check that the grading rejects it, and `examples/naive_drain.rs` shows
//! Miri catching the double drop it causes.

use std::ops::Range;
use std::ptr;

use lab1::bag::Bag;

/// `drain` without leak amplification.
pub struct NaiveDrain<'a, T> {
    bag: &'a mut Bag<T>,
    start: usize,
    next: usize,
    end: usize,
}

/// Starts a naive drain of `range`.
pub fn naive_drain<T>(bag: &mut Bag<T>, range: Range<usize>) -> NaiveDrain<'_, T> {
    assert!(range.start <= range.end && range.end <= bag.len());
    // The mistake: the bag keeps its full length while items move out.
    NaiveDrain { start: range.start, next: range.start, end: range.end, bag }
}

impl<T> Iterator for NaiveDrain<'_, T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        if self.next == self.end {
            return None;
        }
        let slot = self.bag.as_mut_ptr().wrapping_add(self.next);
        self.next += 1;
        // SAFETY: in `next..end`, initialised and read once by this iterator;
        // but the bag still counts it as its own, which is the bug.
        Some(unsafe { slot.read() })
    }
}

impl<T> Drop for NaiveDrain<'_, T> {
    fn drop(&mut self) {
        let base = self.bag.as_mut_ptr();
        let len = self.bag.len();
        let unyielded = ptr::slice_from_raw_parts_mut(base.wrapping_add(self.next), self.end - self.next);
        // SAFETY: initialised slots not yet yielded.
        unsafe { ptr::drop_in_place(unyielded) };
        // SAFETY: both ranges are inside the allocation; `copy` allows overlap.
        unsafe { ptr::copy(base.wrapping_add(self.end), base.wrapping_add(self.start), len - self.end) };
        // SAFETY: only now, too late if we are forgotten.
        unsafe { self.bag.set_len(len - (self.end - self.start)) };
    }
}

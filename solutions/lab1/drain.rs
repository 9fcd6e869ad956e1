//! Exercise 3, reference answer: a `drain` for `Bag` with leak
//! amplification. The bag gives up the drained range *and the tail* before
//! the first item moves, so forgetting the iterator can only leak items.

use std::ops::Range;
use std::ptr;

use crate::bag::Bag;

// ANCHOR: drain
/// Moves a range of items out of a [`Bag`].
pub struct Drain<'a, T> {
    bag: &'a mut Bag<T>,
    /// Where the drained range started: the bag's length while we live.
    start: usize,
    /// The next slot to yield; `next..end` are still initialised.
    next: usize,
    /// One past the last slot to yield.
    end: usize,
    /// How many items follow the range; they move to `start` on drop.
    tail_len: usize,
}

impl<T> Bag<T> {
    /// Removes the items in `range` from the bag and returns them as an
    /// iterator. Panics if `range` is not within `0..self.len()`.
    pub fn drain(&mut self, range: Range<usize>) -> Drain<'_, T> {
        let Range { start, end } = range;
        let len = self.len();
        assert!(start <= end && end <= len, "drain range {start}..{end} out of 0..{len}");
        // Leak amplification: from here on the bag owns only `0..start`. If
        // the `Drain` is forgotten, the range and the tail leak; the bag
        // never sees a slot that was moved out.
        // SAFETY: `start <= len`, so the first `start` slots are initialised
        // and still the bag's alone.
        unsafe { self.set_len(start) };
        Drain { bag: self, start, next: start, end, tail_len: len - end }
    }
}
// ANCHOR_END: drain

// ANCHOR: drain_iter
impl<T> Iterator for Drain<'_, T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        if self.next == self.end {
            return None;
        }
        let slot = self.bag.as_mut_ptr().wrapping_add(self.next);
        self.next += 1;
        // SAFETY: the slot is in `next..end`: initialised, inside the
        // allocation, owned by no one but us (the bag's length is `start`),
        // and we advanced `next` past it, so it is read exactly once.
        Some(unsafe { slot.read() })
    }
}
// ANCHOR_END: drain_iter

// ANCHOR: drain_drop
impl<T> Drop for Drain<'_, T> {
    fn drop(&mut self) {
        let base = self.bag.as_mut_ptr();
        let unyielded = ptr::slice_from_raw_parts_mut(base.wrapping_add(self.next), self.end - self.next);
        self.next = self.end;
        // SAFETY: `unyielded` covers slots that are initialised and that no
        // one else owns; `next = end` above means we never touch them again.
        // If one of these drops panics, the rest of this function is skipped:
        // the tail leaks and the bag keeps its first `start` items, still valid.
        unsafe { ptr::drop_in_place(unyielded) };
        // SAFETY: both ranges lie inside the allocation (`end + tail_len` was
        // the old length); `ptr::copy` allows them to overlap. The source
        // slots are initialised; after the copy they count as moved out.
        unsafe { ptr::copy(base.wrapping_add(self.end), base.wrapping_add(self.start), self.tail_len) };
        // SAFETY: slots `0..start + tail_len` are now initialised and owned
        // only by the bag.
        unsafe { self.bag.set_len(self.start + self.tail_len) };
    }
}
// ANCHOR_END: drain_drop

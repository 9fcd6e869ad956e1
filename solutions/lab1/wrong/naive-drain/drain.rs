//! Wrong: `drain` leaves the bag its full length and shortens it only in `Drop`, so a forgotten iterator leaves the bag owning items it already moved out, which are then dropped twice: unsound (no leak amplification).
//! Caught by: ex3_drain::forgetting_the_iterator_at_every_position_leaves_a_valid_bag

use std::ops::Range;
use std::ptr;

use crate::bag::Bag;

// ANCHOR: drain
/// Moves a range of items out of a [`Bag`].
pub struct Drain<'a, T> {
    bag: &'a mut Bag<T>,
    /// Where the drained range started.
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
        // The bag keeps its length until `Drop` closes the gap.
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
        // allocation, and we advanced `next` past it, so it is read exactly
        // once; `Drop` takes it out of the bag.
        Some(unsafe { slot.read() })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.end - self.next;
        (left, Some(left))
    }
}

impl<T> ExactSizeIterator for Drain<'_, T> {}
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
        // SAFETY: slots `0..start + tail_len` are now initialised; the bag
        // gives up the rest only now.
        unsafe { self.bag.set_len(self.start + self.tail_len) };
    }
}
// ANCHOR_END: drain_drop

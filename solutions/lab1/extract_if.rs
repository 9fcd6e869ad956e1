//! Exercise 5, reference answer: `Bag::extract_if`. The bag gives up every
//! item before the predicate sees the first one; the items it rejects slide
//! down over the holes one at a time, so the bag's buffer is always three
//! runs: kept, holes, not yet visited. Dropping the iterator closes the
//! holes; forgetting it leaks, and never exposes one.

use std::ptr;

use crate::bag::Bag;

// ANCHOR: extract_if
/// Moves the items a predicate accepts out of a [`Bag`].
pub struct ExtractIf<'a, T, F> {
    bag: &'a mut Bag<T>,
    pred: F,
    /// The next slot to show `pred`; `next..old_len` are initialised and
    /// unvisited.
    next: usize,
    /// How many items have been yielded so far: `0..next - taken` hold the
    /// kept items, compacted, and `next - taken..next` are holes.
    taken: usize,
    /// The bag's length before `extract_if`.
    old_len: usize,
}

impl<T> Bag<T> {
    /// An iterator over the items `pred` accepts, moved out of the bag in
    /// their order; the items `pred` rejects stay, in their order.
    pub fn extract_if<F: FnMut(&mut T) -> bool>(&mut self, pred: F) -> ExtractIf<'_, T, F> {
        let old_len = self.len();
        // Leak amplification: while the iterator lives, the bag owns
        // nothing. Forgetting it leaks every item not yet yielded; the bag
        // never counts a hole.
        // SAFETY: 0 <= capacity, and an empty bag claims no slot.
        unsafe { self.set_len(0) };
        ExtractIf { bag: self, pred, next: 0, taken: 0, old_len }
    }
}
// ANCHOR_END: extract_if

// ANCHOR: extract_if_next
impl<T, F: FnMut(&mut T) -> bool> Iterator for ExtractIf<'_, T, F> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        let base = self.bag.as_mut_ptr();
        while self.next < self.old_len {
            let slot = base.wrapping_add(self.next);
            // SAFETY: `next < old_len`, so the slot is inside the allocation
            // and holds an unvisited item that only we may touch (the bag's
            // length is 0); the reference ends when `pred` returns.
            let accepted = (self.pred)(unsafe { &mut *slot });
            // Only now: if `pred` panicked, the item is still unvisited and
            // `Drop` moves it down with the rest.
            self.next += 1;
            if accepted {
                self.taken += 1;
                // SAFETY: the slot is initialised, and it now lies in the
                // holes, `next - taken..next`, which nothing reads again.
                return Some(unsafe { slot.read() });
            }
            if self.taken > 0 {
                let hole = base.wrapping_add(self.next - 1 - self.taken);
                // SAFETY: `hole` is the first hole, inside the allocation and
                // `taken > 0` slots before `slot`, so the two do not overlap.
                // The item moves; its old slot becomes the last hole.
                unsafe { ptr::copy_nonoverlapping(slot, hole, 1) };
            }
        }
        None
    }
}
// ANCHOR_END: extract_if_next

// ANCHOR: extract_if_drop
impl<T, F> Drop for ExtractIf<'_, T, F> {
    fn drop(&mut self) {
        let base = self.bag.as_mut_ptr();
        let unvisited = self.old_len - self.next;
        // SAFETY: `next..old_len` and `next - taken..` lie inside the
        // allocation; `ptr::copy` allows them to overlap. The unvisited items
        // move down over the holes, and their old slots count as moved out.
        unsafe {
            ptr::copy(base.wrapping_add(self.next), base.wrapping_add(self.next - self.taken), unvisited)
        };
        // SAFETY: the first `old_len - taken` slots now hold the kept and the
        // unvisited items, each once, owned by no one but the bag.
        unsafe { self.bag.set_len(self.old_len - self.taken) };
    }
}
// ANCHOR_END: extract_if_drop

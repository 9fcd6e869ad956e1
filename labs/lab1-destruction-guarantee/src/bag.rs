//! `Bag<T>`: a small fixed-capacity container, the raw material for the
//! `drain` of exercise 3. Given, not an exercise.
//!
//! Like `Vec`, it owns exactly its first `len` slots. Its raw parts
//! ([`Bag::as_mut_ptr`] and the unsafe [`Bag::set_len`]) are public so that a
//! `drain` can move items out of slots the bag no longer owns.

use std::mem::MaybeUninit;

/// A container of at most `capacity` items that owns its first `len` slots.
pub struct Bag<T> {
    slots: Box<[MaybeUninit<T>]>,
    len: usize,
}

impl<T> Bag<T> {
    /// An empty bag with room for `capacity` items.
    pub fn with_capacity(capacity: usize) -> Self {
        Self { slots: (0..capacity).map(|_| MaybeUninit::uninit()).collect(), len: 0 }
    }

    /// Adds `item` after the last one. Panics if the bag is full.
    pub fn push(&mut self, item: T) {
        assert!(self.len < self.slots.len(), "the bag is full");
        self.slots[self.len].write(item);
        self.len += 1;
    }

    /// How many items the bag owns.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the bag owns no items.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// How many items the bag can hold.
    pub fn capacity(&self) -> usize {
        self.slots.len()
    }

    /// The items the bag owns, in order.
    pub fn as_slice(&self) -> &[T] {
        // SAFETY: the first `len` slots are initialised (the type's invariant),
        // and `MaybeUninit<T>` has the layout of `T`.
        unsafe { std::slice::from_raw_parts(self.slots.as_ptr().cast::<T>(), self.len) }
    }

    // ANCHOR: raw_parts
    /// A pointer to the first slot, valid for `capacity` slots until the bag
    /// is next used through a reference. Reading a slot at or past `len`
    /// reads memory the bag does not own.
    pub fn as_mut_ptr(&mut self) -> *mut T {
        self.slots.as_mut_ptr().cast::<T>()
    }

    /// Makes the bag own exactly its first `len` slots. Items past the new
    /// length are not dropped: they are forgotten (or now belong to someone
    /// else).
    ///
    /// # Safety
    ///
    /// `len <= capacity`, the first `len` slots hold initialised items, and no
    /// one else owns or will drop them.
    pub unsafe fn set_len(&mut self, len: usize) {
        debug_assert!(len <= self.capacity());
        self.len = len;
    }
    // ANCHOR_END: raw_parts
}

impl<T> FromIterator<T> for Bag<T> {
    /// A bag exactly as large as the items it is given.
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let items: Vec<T> = items.into_iter().collect();
        let mut bag = Self::with_capacity(items.len());
        items.into_iter().for_each(|item| bag.push(item));
        bag
    }
}

impl<T> Drop for Bag<T> {
    fn drop(&mut self) {
        let owned = std::ptr::slice_from_raw_parts_mut(self.as_mut_ptr(), self.len);
        // SAFETY: the first `len` slots are initialised and owned by the bag,
        // which is going away, so each item is dropped exactly once.
        unsafe { std::ptr::drop_in_place(owned) };
    }
}

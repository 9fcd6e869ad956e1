//! The buffers an owned request may hold: owned, `'static`, and at an address
//! that does not change when the owner is moved. Given, not an exercise.

use mpi::datatype::Equivalence;

// ANCHOR: traits
/// A buffer that an operation can take by value and send from.
///
/// # Safety
///
/// The slice that [`as_slice`](OwnedBuffer::as_slice) returns must stay valid,
/// at the same address and with the same length, for as long as the value
/// exists and is only moved (not accessed through `&mut`, not dropped): moving
/// the owner must not move the elements. `Vec<T>` and `Box<[T]>` qualify
/// because their elements live on the heap; an array `[T; N]` does not.
pub unsafe trait OwnedBuffer: 'static {
    /// The element type MPI sends, with its MPI datatype.
    type Item: Equivalence + 'static;

    /// The elements, at their stable address.
    fn as_slice(&self) -> &[Self::Item];
}

/// A buffer that an operation can take by value and receive into.
///
/// # Safety
///
/// As for [`OwnedBuffer`], and the same applies to the slice that
/// [`as_mut_slice`](OwnedBufferMut::as_mut_slice) returns.
pub unsafe trait OwnedBufferMut: OwnedBuffer {
    /// The elements, writable, at their stable address.
    fn as_mut_slice(&mut self) -> &mut [Self::Item];
}
// ANCHOR_END: traits

// ANCHOR: impls
// SAFETY: a Vec's elements live in a heap allocation that moving the Vec
// leaves where it is; only growing or shrinking it (which needs `&mut`) moves them.
unsafe impl<T: Equivalence + 'static> OwnedBuffer for Vec<T> {
    type Item = T;
    fn as_slice(&self) -> &[T] {
        self
    }
}

// SAFETY: as for `OwnedBuffer for Vec<T>`.
unsafe impl<T: Equivalence + 'static> OwnedBufferMut for Vec<T> {
    fn as_mut_slice(&mut self) -> &mut [T] {
        self
    }
}

// SAFETY: a boxed slice's elements live in a heap allocation that moving the
// box leaves where it is, and its length never changes.
unsafe impl<T: Equivalence + 'static> OwnedBuffer for Box<[T]> {
    type Item = T;
    fn as_slice(&self) -> &[T] {
        self
    }
}

// SAFETY: as for `OwnedBuffer for Box<[T]>`.
unsafe impl<T: Equivalence + 'static> OwnedBufferMut for Box<[T]> {
    fn as_mut_slice(&mut self) -> &mut [T] {
        self
    }
}

// SAFETY: a `'static` borrow points at memory that is never freed (a static,
// or a leaked allocation); moving the reference does not move the elements.
unsafe impl<T: Equivalence + Sync + 'static> OwnedBuffer for &'static [T] {
    type Item = T;
    fn as_slice(&self) -> &[T] {
        self
    }
}

// SAFETY: as for `&'static [T]`; the exclusive borrow is held by whoever owns
// the reference, so nothing else can see the elements while MPI writes them.
unsafe impl<T: Equivalence + 'static> OwnedBuffer for &'static mut [T] {
    type Item = T;
    fn as_slice(&self) -> &[T] {
        self
    }
}

// SAFETY: as above.
unsafe impl<T: Equivalence + 'static> OwnedBufferMut for &'static mut [T] {
    fn as_mut_slice(&mut self) -> &mut [T] {
        self
    }
}
// ANCHOR_END: impls

//! Exercise 4, reference answer: one domain cut into pieces that requests
//! can own, and joined back without a copy.

use std::mem::ManuallyDrop;
use std::rc::Rc;
use std::slice;

use crate::buffer::{OwnedBuffer, OwnedBufferMut};
use crate::join::JoinError;

// ANCHOR: cells
/// The domain's allocation, taken apart: the five pieces share it through
/// an `Rc`, so it is freed when the last of them goes, and never while one
/// lives, in a request or forgotten (a forgotten piece's count never drops).
struct Cells {
    ptr: *mut f64,
    len: usize,
    capacity: usize,
}

impl Drop for Cells {
    fn drop(&mut self) {
        // SAFETY: the parts are those of the `Vec` that `split` took apart;
        // `join` rebuilds that `Vec` only from a `Cells` it has taken out of
        // the `Rc` and will not drop, so this is the only `Vec` made from
        // them, and no piece is left to reach the cells.
        drop(unsafe { Vec::from_raw_parts(self.ptr, self.len, self.capacity) });
    }
}
// ANCHOR_END: cells

// ANCHOR: piece
/// One of the five regions of a domain that [`split`] cut: a left ghost, a
/// left edge, the middle, a right edge or a right ghost.
pub struct Piece {
    cells: Rc<Cells>,
    /// The region: `len` cells from `start`, inside the allocation.
    start: *mut f64,
    len: usize,
    /// Where `split` returned it, which is where `join` wants it.
    index: usize,
}

// SAFETY: the region lies inside the allocation that `cells` keeps alive
// for as long as the piece exists, and moving the piece moves the `Rc`, not
// the elements. No other piece's region overlaps it, and nothing else
// reads or writes the elements until `join` has all five pieces back.
unsafe impl OwnedBuffer for Piece {
    type Item = f64;

    fn as_slice(&self) -> &[f64] {
        // SAFETY: `start..start + len` lies inside the live allocation (see
        // `split`), the cells are initialised `f64`s, and while `&self` lives
        // nobody writes them: only this piece can, through `&mut self`.
        unsafe { slice::from_raw_parts(self.start, self.len) }
    }
}

// SAFETY: as for `OwnedBuffer`; the `&mut self` borrow is exclusive for the
// region because no other piece covers it.
unsafe impl OwnedBufferMut for Piece {
    fn as_mut_slice(&mut self) -> &mut [f64] {
        // SAFETY: as in `as_slice`, and `&mut self` means no other borrow of
        // this region exists; the other pieces' regions are disjoint from it.
        unsafe { slice::from_raw_parts_mut(self.start, self.len) }
    }
}
// ANCHOR_END: piece

// ANCHOR: split
/// Cuts the domain `cells` into its five regions, in this order: the left
/// ghost, the left edge, the middle, the right edge and the right ghost.
///
/// Panics if `cells` has fewer than `4 * halo` cells.
pub fn split(cells: Vec<f64>, halo: usize) -> [Piece; 5] {
    let len = cells.len();
    assert!(
        halo.checked_mul(4).is_some_and(|edges| edges <= len),
        "a domain of {len} cells has no room for two ghosts and two edges of {halo} cells"
    );
    // From here on the elements belong to `Cells`, which frees them once.
    let mut cells = ManuallyDrop::new(cells);
    let shared = Rc::new(Cells { ptr: cells.as_mut_ptr(), len, capacity: cells.capacity() });
    let bounds = [0, halo, 2 * halo, len - 2 * halo, len - halo, len];
    std::array::from_fn(|index| Piece {
        cells: Rc::clone(&shared),
        // In bounds of the allocation (`bounds[index] <= len`), so the
        // wrapping add does not wrap.
        start: shared.ptr.wrapping_add(bounds[index]),
        len: bounds[index + 1] - bounds[index],
        index,
    })
}
// ANCHOR_END: split

// ANCHOR: join
/// Gives the domain back: the very `Vec` that [`split`] took.
///
/// # Errors
///
/// Hands the pieces back with [`JoinError::NotOneDomain`] or
/// [`JoinError::OutOfOrder`].
#[allow(clippy::result_large_err, reason = "the five pieces come back by value: a refused join loses none")]
pub fn join(pieces: [Piece; 5]) -> Result<Vec<f64>, (JoinError, [Piece; 5])> {
    if pieces.iter().any(|piece| !Rc::ptr_eq(&piece.cells, &pieces[0].cells)) {
        return Err((JoinError::NotOneDomain, pieces));
    }
    if pieces.iter().enumerate().any(|(at, piece)| piece.index != at) {
        return Err((JoinError::OutOfOrder, pieces));
    }
    // All five pieces of one split: `split` made no other handle on the
    // allocation, and pieces cannot be cloned, so these are all of them.
    let [first, second, third, fourth, fifth] = pieces;
    drop([second, third, fourth, fifth]);
    let cells = Rc::into_inner(first.cells).expect("the five pieces are the allocation's only owners");
    let cells = ManuallyDrop::new(cells);
    // SAFETY: the parts are those of the `Vec` that `split` took apart, every
    // piece is gone (`into_inner` found no other owner), and `cells` will not
    // free them: the `Vec` is theirs alone.
    Ok(unsafe { Vec::from_raw_parts(cells.ptr, cells.len, cells.capacity) })
}
// ANCHOR_END: join

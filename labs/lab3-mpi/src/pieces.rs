//! Exercise 4 (stretch): one domain cut into pieces that requests can own,
//! and joined back without a copy.
//!
//! Book: chapter 3, "MPI: requests that own their buffers", section
//! "Pieces that a request can own".

use std::marker::PhantomData;

use crate::buffer::{OwnedBuffer, OwnedBufferMut};
use crate::join::JoinError;

// ANCHOR: contract
/// One of the five regions of a domain that [`split`] cut: a left ghost, a
/// left edge, the middle, a right edge or a right ghost.
///
/// A piece is an owned buffer: `irecv_owned` and `isend_owned` take it by
/// value, and MPI may read or write its cells until that request completes,
/// while the other pieces are computed on, lent to other requests, dropped
/// or forgotten.
pub struct Piece {
    // Replace with your fields.
    _todo: PhantomData<Box<[f64]>>,
}

// SAFETY: yours to argue, once `Piece` has its fields: why the slice stays
// valid, at the same address and length, for as long as the piece exists and
// is only moved, even when the other four pieces are dropped or forgotten.
unsafe impl OwnedBuffer for Piece {
    type Item = f64;

    /// This piece's cells, where they are in the domain.
    fn as_slice(&self) -> &[f64] {
        todo!(
            "lab3 exercise 4: this piece's cells and no others, in place in the domain (book: ch. 3, Pieces that a request can own)"
        )
    }
}

// SAFETY: as above, and no other piece (nor anything else) can reach these
// cells while this piece lends them out as `&mut`.
unsafe impl OwnedBufferMut for Piece {
    /// This piece's cells, writable, where they are in the domain.
    fn as_mut_slice(&mut self) -> &mut [f64] {
        todo!(
            "lab3 exercise 4: this piece's cells, writable, and no other piece's (book: ch. 3, Pieces that a request can own)"
        )
    }
}

/// Cuts the domain `cells` into its five regions, in this order: the left
/// ghost, the left edge, the middle, the right edge and the right ghost.
/// Every region is `halo` cells wide except the middle, which has the rest
/// (it may be empty). No cell is copied or moved: each piece's slice is
/// where those cells were in `cells`.
///
/// What must hold, whatever happens to the pieces afterwards:
///
/// - the pieces never overlap, so each can be owned by a request while the
///   others are used, lent out or dropped;
/// - the domain's memory is freed when the last of the five pieces is
///   dropped, and not before: a piece that is alive, in a request or not,
///   or forgotten (alone or with its request), keeps all of it allocated,
///   so MPI never writes into memory the program can reuse.
///
/// Panics if `cells` has fewer than `4 * halo` cells.
pub fn split(cells: Vec<f64>, halo: usize) -> [Piece; 5] {
    todo!(
        "lab3 exercise 4: five disjoint owned pieces of one allocation, freed when the last goes (book: ch. 3, Pieces that a request can own)"
    )
}

/// Gives the domain back: the very `Vec` that [`split`] took (the same
/// allocation, length and capacity, so nothing is copied), holding the
/// pieces' cells as they are now.
///
/// # Errors
///
/// Hands the five pieces back, unchanged, with
/// [`JoinError::NotOneDomain`] if they are not all from one call of
/// [`split`] (whatever their order), or with [`JoinError::OutOfOrder`] if
/// they are, but not in the order `split` returned them.
#[allow(clippy::result_large_err, reason = "the five pieces come back by value: a refused join loses none")]
pub fn join(pieces: [Piece; 5]) -> Result<Vec<f64>, (JoinError, [Piece; 5])> {
    todo!(
        "lab3 exercise 4: the one Vec again, only from all five pieces of one split in order (book: ch. 3, Pieces that a request can own)"
    )
}
// ANCHOR_END: contract

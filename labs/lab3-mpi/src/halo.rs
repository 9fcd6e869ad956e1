//! Exercise 1: a halo exchange on borrowed buffers, inside `request::scope`.
//!
//! Book: chapter 3, "MPI: requests that own their buffers", section
//! "rsmpi's scope: a guarded closure".

use mpi::topology::SimpleCommunicator;

/// The tag of a value travelling to the right neighbour (rank + 1).
pub const TO_RIGHT: i32 = 1;
/// The tag of a value travelling to the left neighbour (rank - 1).
pub const TO_LEFT: i32 = 2;

// ANCHOR: exchange
/// Fills the two ghost cells of `cells` from the neighbours on a periodic
/// ring of all ranks of `comm`.
///
/// `cells[0]` and `cells[cells.len() - 1]` are ghost cells; the rest is this
/// rank's interior. Afterwards `cells[0]` holds the left neighbour's last
/// interior cell and the last cell holds the right neighbour's first
/// interior cell. Send with [`TO_RIGHT`] / [`TO_LEFT`] so the two messages
/// stay apart when both neighbours are the same rank. The interior is not
/// changed. Panics if there is no interior (fewer than 3 cells).
pub fn exchange_halos(comm: &SimpleCommunicator, cells: &mut [i64]) {
    todo!(
        "lab3 exercise 1: post two immediate receives and two immediate sends in request::scope (book: ch. 3, rsmpi's scope: a guarded closure)"
    )
}
// ANCHOR_END: exchange

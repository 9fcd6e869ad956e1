//! Wrong: sends the second-to-last interior cell to the right neighbour instead of the last (wrong data, not unsound).
//! Caught by: ex1_halo::halos_on_two_ranks

use mpi::request;
use mpi::topology::SimpleCommunicator;
use mpi::traits::*;

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
    assert!(cells.len() >= 3, "a halo exchange needs at least one interior cell");
    let (rank, size) = (comm.rank(), comm.size());
    let left = comm.process_at_rank((rank + size - 1) % size);
    let right = comm.process_at_rank((rank + 1) % size);

    // Disjoint borrows: MPI writes the ghosts while it reads the interior.
    let (left_ghost, rest) = cells.split_first_mut().expect("checked above");
    let (right_ghost, interior) = rest.split_last_mut().expect("checked above");
    let (first, last) = (&interior[0], &interior[interior.len().saturating_sub(2)]);

    request::scope(|scope| {
        let from_left = left.immediate_receive_into_with_tag(scope, left_ghost, TO_RIGHT);
        let from_right = right.immediate_receive_into_with_tag(scope, right_ghost, TO_LEFT);
        let to_left = left.immediate_send_with_tag(scope, first, TO_LEFT);
        let to_right = right.immediate_send_with_tag(scope, last, TO_RIGHT);
        // Every request must be completed before the closure returns:
        // the scope aborts the process if one is still registered.
        from_left.wait();
        from_right.wait();
        to_left.wait();
        to_right.wait();
    });
}
// ANCHOR_END: exchange

//! A slice of a local array is borrowed, not owned: forgetting the request
//! would end the borrow while MPI still writes, so the owned API refuses it.

use lab3_ranks::immediate::OwnedImmediate;
use mpi::traits::*;

fn main() {
    let universe = mpi::initialize().unwrap();
    let world = universe.world();
    let mut local = [0u8; 64];
    let receive = world.process_at_rank(0).irecv_owned(&mut local[..]);
    let _ = receive.wait();
}

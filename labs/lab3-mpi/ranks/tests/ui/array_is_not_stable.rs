//! An array moves with its owner, so its address is not stable: moving it
//! into the request would move the bytes MPI is writing.

use lab3_ranks::immediate::OwnedImmediate;
use mpi::traits::*;

fn main() {
    let universe = mpi::initialize().unwrap();
    let world = universe.world();
    let receive = world.process_at_rank(0).irecv_owned([0u8; 64]);
    let _ = receive.wait();
}

//! Forgetting a request forgets its buffer too: there is no way back to it.

use lab3_ranks::immediate::OwnedImmediate;
use mpi::traits::*;

fn main() {
    let universe = mpi::initialize().unwrap();
    let world = universe.world();
    let buf = vec![0u8; 64];
    let send = world.process_at_rank(0).isend_owned(buf);
    std::mem::forget(send);
    println!("{}", buf.len());
}

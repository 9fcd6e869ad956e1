//! The buffer moved into the request: it cannot be read or written until
//! `wait` hands it back.

use lab3_ranks::immediate::OwnedImmediate;
use mpi::traits::*;

fn main() {
    let universe = mpi::initialize().unwrap();
    let world = universe.world();
    let mut buf = vec![0u8; 64];
    let receive = world.process_at_rank(0).irecv_owned(buf);
    buf[0] = 1;
    let _ = receive.wait();
}

//! Exercise 3's scratch program: try here what the compiler accepts (every
//! case in `tests/ui/` must fail to compile, so a case that compiles goes
//! here). It uses your `src/owned.rs`, and nothing grades it. Run it on one
//! rank, or on two with mpirun:
//!
//! ```text
//! cargo run -p lab3-ranks --example scratch
//! cargo build -p lab3-ranks --example scratch && mpirun -n 2 target/debug/examples/scratch
//! ```

use lab3_ranks::immediate::OwnedImmediate;
use mpi::traits::*;

fn main() {
    let universe = mpi::initialize().expect("MPI is initialised once, here");
    let world = universe.world();
    let (rank, size) = (world.rank(), world.size());
    let next = world.process_at_rank((rank + 1) % size);
    let previous = world.process_at_rank((rank + size - 1) % size);

    // A buffer nobody will ever free, handed over as `&'static mut [u8]`.
    // It compiles: why is that sound, even if the request is forgotten?
    let incoming: &'static mut [u8] = Box::leak(vec![0u8; 64].into_boxed_slice());
    let receive = previous.irecv_owned(incoming);
    let (_, outgoing) = next.isend_owned(vec![rank as u8; 64]).wait();
    let (_, incoming) = receive.wait();

    println!(
        "rank {rank}: received {} from rank {}, and got back the {} bytes it sent",
        incoming[0],
        (rank + size - 1) % size,
        outgoing.len()
    );
}

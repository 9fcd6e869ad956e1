//! Chapter 2's example of rsmpi's guarded closure, `mpi::request::scope`,
//! with a guard object inside it: each rank sends its rank to the next one
//! on a ring and receives from the previous one. The book includes it; the
//! lab's build compiles it. Run it with `mpirun -n 2 <target>/debug/ring_scope`.

use mpi::request::{self, WaitGuard};
use mpi::traits::*;

fn main() {
    // ANCHOR: scope
    let universe = mpi::initialize().expect("MPI is initialised once, here");
    let world = universe.world();
    let mut incoming = [0i32; 8];
    let outgoing = [world.rank(); 8];
    let next = world.process_at_rank((world.rank() + 1) % world.size());
    let previous = world.process_at_rank((world.rank() + world.size() - 1) % world.size());

    request::scope(|scope| {
        // Each request registers with `scope` and borrows its buffer for as long as the scope.
        let receive = previous.immediate_receive_into(scope, &mut incoming);
        let send = next.immediate_send(scope, &outgoing);
        receive.wait();
        // A WaitGuard is a guard object again, but one on top of the scope's check.
        let _send = WaitGuard::from(send);
    });
    // ANCHOR_END: scope
    let expected = (world.rank() + world.size() - 1) % world.size();
    assert_eq!(incoming, [expected; 8], "rank {} received from the wrong neighbour", world.rank());
    println!("rank {} received {:?} from rank {expected}", world.rank(), incoming[0]);
}

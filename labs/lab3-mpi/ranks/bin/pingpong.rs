//! The benchmark's rank program: ping-pong between ranks 0 and 1 with
//! borrowed buffers in `request::scope`, with owned buffers reused round
//! after round, and with owned buffers allocated and copied every round.
//! Each rank first reports where it runs (its host and network namespace);
//! then rank 0 prints the best time per round trip for each variant and size.

use std::time::{Duration, Instant};

use lab3_ranks::immediate::OwnedImmediate;
use lab3_ranks::report::{Report, exit_on_panic};
use mpi::request;
use mpi::topology::{Process, SimpleCommunicator};
use mpi::traits::*;

/// Message sizes from 8 B to 4 MiB.
const SIZES: [usize; 10] = [8, 64, 512, 4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20, 2 << 20, 4 << 20];
/// Timed repetitions of each variant; the best one counts.
const TRIALS: usize = 9;
/// About the longest one timed run of a variant may take. A slow link (TCP
/// between two nodes) gets fewer round trips than shared memory, so the
/// whole benchmark stays within the harness's time limit for one `mpirun`.
const RUN_BUDGET: Duration = Duration::from_millis(25);
/// The fewest round trips one timed run makes.
const MIN_ROUNDS: usize = 2;

/// How the two ranks move one message back and forth.
#[derive(Clone, Copy)]
enum Variant {
    /// `immediate_send` / `immediate_receive_into` on a borrowed slice.
    Borrowed,
    /// `isend_owned` / `irecv_owned`, the same `Vec` every round.
    OwnedReuse,
    /// The data lives in a borrowed slice: copy it into a fresh `Vec` to
    /// send, receive into a fresh `Vec` and copy it out.
    OwnedCopy,
}

const VARIANTS: [(Variant, &str); 3] = [
    (Variant::Borrowed, "borrowed"),
    (Variant::OwnedReuse, "owned-reuse"),
    (Variant::OwnedCopy, "owned-copy"),
];

fn main() {
    exit_on_panic();
    let universe = mpi::initialize().expect("MPI is initialised once, here");
    let world = universe.world();
    let (rank, size) = (world.rank(), world.size());
    assert_eq!(size, 2, "run the ping-pong with exactly two ranks");
    let peer = world.process_at_rank(1 - rank);
    let first = rank == 0;
    // Where this rank runs, so a run across nodes can show it crossed one.
    let host = mpi::environment::processor_name().unwrap_or_default().replace(' ', "_");
    Report::new(rank, size).with("host", host).with("netns", network_namespace()).print();

    for bytes in SIZES {
        let rounds = rounds_for(&world, &peer, first, bytes);
        let mut best = [Duration::MAX; 3];
        let mut owned = vec![1u8; bytes];
        let mut data = vec![1u8; bytes];
        for trial in 0..=TRIALS {
            // A different variant goes first in each trial, so none of them
            // always runs right after another one's allocations.
            for k in 0..VARIANTS.len() {
                let i = (k + trial) % VARIANTS.len();
                let variant = VARIANTS[i].0;
                world.barrier();
                let start = Instant::now();
                for _ in 0..rounds {
                    match variant {
                        Variant::Borrowed => borrowed_round(&peer, first, &mut data),
                        Variant::OwnedReuse => owned = owned_round(&peer, first, owned),
                        Variant::OwnedCopy => copying_round(&peer, first, &mut data),
                    }
                }
                // Trial 0 warms up caches, the allocator and MPI's channels.
                if trial > 0 {
                    best[i] = best[i].min(start.elapsed() / rounds as u32);
                }
            }
        }
        if first {
            for (i, (_, name)) in VARIANTS.iter().enumerate() {
                Report::new(rank, size)
                    .with("variant", name)
                    .with("bytes", bytes)
                    .with("rounds", rounds)
                    .with("round_trip_ns", best[i].as_nanos())
                    .print();
            }
        }
    }
}

/// How many round trips each timed run of `bytes` makes: 64 MiB's worth,
/// 50 to 5000 of them, but no more than fit in [`RUN_BUDGET`] at the speed
/// of the fastest of a few untimed round trips (and at least
/// [`MIN_ROUNDS`]). Rank 0 decides, so both ranks run the same number.
fn rounds_for(world: &SimpleCommunicator, peer: &Process<'_>, first: bool, bytes: usize) -> usize {
    let planned = ((64 << 20) / bytes).clamp(50, 5000);
    let mut data = vec![1u8; bytes];
    borrowed_round(peer, first, &mut data);
    let per_round = (0..5)
        .map(|_| {
            let start = Instant::now();
            borrowed_round(peer, first, &mut data);
            start.elapsed().as_nanos()
        })
        .min()
        .unwrap_or(1)
        .max(1);
    let mut rounds = (RUN_BUDGET.as_nanos() / per_round).clamp(MIN_ROUNDS as u128, planned as u128) as u64;
    world.process_at_rank(0).broadcast_into(&mut rounds);
    rounds as usize
}

/// The inode of this process's network namespace (`net:[4026531840]` in
/// `/proc/self/ns/net`), which tells two namespaces on one machine apart;
/// `-` where there is no such file (not Linux).
fn network_namespace() -> String {
    std::fs::read_link("/proc/self/ns/net")
        .ok()
        .and_then(|link| {
            let link = link.to_string_lossy().into_owned();
            Some(link.strip_prefix("net:[")?.strip_suffix(']')?.to_string())
        })
        .unwrap_or_else(|| "-".into())
}

// ANCHOR: rounds
/// One round trip on a borrowed buffer, each step in its own scope.
fn borrowed_round(peer: &Process<'_>, first: bool, data: &mut [u8]) {
    request::scope(|scope| {
        if first {
            peer.immediate_send(scope, &*data).wait();
        } else {
            peer.immediate_receive_into(scope, &mut *data).wait();
        }
    });
    request::scope(|scope| {
        if first {
            peer.immediate_receive_into(scope, &mut *data).wait();
        } else {
            peer.immediate_send(scope, &*data).wait();
        }
    });
}

/// One round trip that moves the same allocation into each request and
/// takes it back out.
fn owned_round(peer: &Process<'_>, first: bool, buf: Vec<u8>) -> Vec<u8> {
    if first {
        let (_, buf) = peer.isend_owned(buf).wait();
        peer.irecv_owned(buf).wait().1
    } else {
        let (_, buf) = peer.irecv_owned(buf).wait();
        peer.isend_owned(buf).wait().1
    }
}

/// One round trip for data that lives in a borrowed slice, through owned
/// requests: a fresh copy to send, a fresh buffer to receive, a copy back.
fn copying_round(peer: &Process<'_>, first: bool, data: &mut [u8]) {
    let send = |data: &[u8]| drop(peer.isend_owned(data.to_vec()).wait());
    let receive = |data: &mut [u8]| data.copy_from_slice(&peer.irecv_owned(vec![0u8; data.len()]).wait().1);
    if first {
        send(data);
        receive(data);
    } else {
        receive(data);
        send(data);
    }
}
// ANCHOR_END: rounds

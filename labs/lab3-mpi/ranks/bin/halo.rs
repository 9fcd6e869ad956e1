//! Exercise 1's rank program: every rank exchanges halos with its two
//! neighbours and reports its ghost cells.

use lab3_ranks::halo::exchange_halos;
use lab3_ranks::report::{Report, exit_on_panic};
use mpi::traits::*;

/// Interior cells per rank.
const INTERIOR: i64 = 4;

fn main() {
    exit_on_panic();
    let universe = mpi::initialize().expect("MPI is initialised once, here");
    let world = universe.world();
    let (rank, size) = (world.rank(), world.size());

    // Interior cell i of rank r holds 1000 * r + i; ghosts start at -1.
    let mut cells: Vec<i64> = std::iter::once(-1)
        .chain((1..=INTERIOR).map(|i| 1000 * i64::from(rank) + i))
        .chain(std::iter::once(-1))
        .collect();
    let before = cells[1..cells.len() - 1].to_vec();
    exchange_halos(&world, &mut cells);

    let last = cells.len() - 1;
    Report::new(rank, size)
        .with("left_ghost", cells[0])
        .with("right_ghost", cells[last])
        .with("interior_intact", cells[1..last] == before[..])
        .print();
}

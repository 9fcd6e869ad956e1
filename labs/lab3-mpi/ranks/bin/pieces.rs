//! Exercise 4's rank program: one domain cut into owned pieces, in the
//! scenario named by the first argument (`exchange`, `forget`, `drop`).
//! Each rank prints one report line for the tests.

// The stub's pieces have no `Drop`; dropping and forgetting them in a
// chosen order is still the point.
#![allow(clippy::forget_non_drop, clippy::drop_non_drop)]

use std::hint::black_box;
use std::mem;
use std::panic;
use std::time::Duration;

#[path = "support/finish_within.rs"]
mod finish_within;
use finish_within::finish_within;
use lab3_ranks::buffer::{OwnedBuffer, OwnedBufferMut};
use lab3_ranks::immediate::OwnedImmediate;
use lab3_ranks::join::JoinError;
use lab3_ranks::pieces::{Piece, join, split};
use lab3_ranks::report::{Report, start};
use mpi::topology::{Process, SimpleCommunicator};
use mpi::traits::*;

/// Cells in each ghost and each edge.
const HALO: usize = 3;
/// Cells in a domain: two ghosts, two edges and a middle of 10.
const CELLS: usize = 4 * HALO + 10;
/// Capacity of a domain's `Vec`, more than its length, so that a `join`
/// that rebuilds the `Vec` with the wrong capacity shows.
const CAPACITY: usize = CELLS + 5;
/// What a ghost holds before a message fills it.
const EMPTY: f64 = -1.0;
/// What the canaries hold.
const CANARY: f64 = -7.0;
/// What the late messages of `forget` and `drop` carry.
const LATE: f64 = 4242.0;
/// How long a rank waits for a message before it reports it missing.
const PATIENCE: Duration = Duration::from_secs(10);

/// The scenarios, by the name the first argument gives.
const SCENARIOS: [&str; 3] = ["exchange", "forget", "drop"];

fn main() {
    let (universe, scenario) = start("pieces", &SCENARIOS, |_| true);
    let world = universe.world();
    let report = Report::new(world.rank(), world.size());
    match scenario {
        "exchange" => exchange(&world, report),
        "forget" => forget(&world, report),
        "drop" => drop_requests(&world, report),
        _ => unreachable!("start returns one of SCENARIOS"),
    }
}

/// Rank `rank`'s domain: ghosts hold `EMPTY`, interior cell `i` holds
/// `1000 * rank + i`. Its capacity is `CAPACITY`.
fn domain(rank: i32) -> Vec<f64> {
    let mut cells = Vec::with_capacity(CAPACITY);
    cells.extend(
        (0..CELLS).map(|i| {
            if (HALO..CELLS - HALO).contains(&i) { f64::from(1000 * rank) + i as f64 } else { EMPTY }
        }),
    );
    cells
}

/// Cells as the report shows them: `1016,1017,1018`.
fn shown(cells: &[f64]) -> String {
    cells.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(",")
}

/// The halo exchange on the ring, with owned requests on the pieces, while
/// the middle is computed on; then the checks that need no other rank:
/// `join`'s errors, `split`'s panic, and when the domain is freed.
fn exchange(world: &SimpleCommunicator, report: Report) {
    let (rank, size) = (world.rank(), world.size());
    let left = world.process_at_rank((rank + size - 1) % size);
    let right = world.process_at_rank((rank + 1) % size);
    let cells = domain(rank);
    let before = cells.clone();
    let addr = cells.as_ptr();

    let [left_ghost, left_edge, mut middle, right_edge, right_ghost] = split(cells, HALO);
    let piece_addrs =
        [&left_ghost, &left_edge, &middle, &right_edge, &right_ghost].map(|p| p.as_slice().as_ptr());
    let lens = [&left_ghost, &left_edge, &middle, &right_edge, &right_ghost].map(|p| p.as_slice().len());
    // The owned requests carry no tag, so on two ranks (where both
    // neighbours are one rank) the order keeps the messages apart: MPI
    // matches messages from one sender in the order they were sent, and
    // receives in the order they were posted. Receive from the left first,
    // and send to the right first.
    let from_left = left.irecv_owned(left_ghost);
    let from_right = right.irecv_owned(right_ghost);
    let to_right = right.isend_owned(right_edge);
    let to_left = left.isend_owned(left_edge);
    // The middle is ours while the halos travel.
    middle.as_mut_slice().iter_mut().for_each(|x| *x += 0.5);
    let (status_left, left_ghost) = from_left.wait();
    let (status_right, right_ghost) = from_right.wait();
    let (_, right_edge) = to_right.wait();
    let (_, left_edge) = to_left.wait();
    let back_addrs =
        [&left_ghost, &left_edge, &middle, &right_edge, &right_ghost].map(|p| p.as_slice().as_ptr());

    let joined = join([left_ghost, left_edge, middle, right_edge, right_ghost]);
    let report = report
        .with(
            "pieces_in_place",
            piece_addrs.iter().enumerate().all(|(i, &p)| p == addr.wrapping_add(offset(i))),
        )
        .with("piece_lens", lens.map(|n| n.to_string()).join(","))
        .with("pieces_came_back", back_addrs == piece_addrs)
        .with("sources", format!("{},{}", status_left.source_rank(), status_right.source_rank()));
    let report = match joined {
        Ok(cells) => {
            let middle_ok = (2 * HALO..CELLS - 2 * HALO).all(|i| cells[i] == before[i] + 0.5);
            let edges_ok =
                (HALO..2 * HALO).chain(CELLS - 2 * HALO..CELLS - HALO).all(|i| cells[i] == before[i]);
            report
                .with("joined", "ok")
                .with("left_ghost", shown(&cells[..HALO]))
                .with("right_ghost", shown(&cells[CELLS - HALO..]))
                .with("edges_intact", edges_ok)
                .with("middle_computed", middle_ok)
                .with("same_allocation", cells.as_ptr() == addr)
                .with("len", cells.len())
                .with("capacity", cells.capacity())
        }
        Err((error, _)) => report.with("joined", format!("{error:?}")),
    };
    local_checks(rank, report).print();
}

/// Where piece `i` starts, in cells from the domain's start.
fn offset(i: usize) -> usize {
    [0, HALO, 2 * HALO, CELLS - 2 * HALO, CELLS - HALO][i]
}

/// The checks of `exchange` that need no other rank.
fn local_checks(rank: i32, report: Report) -> Report {
    // join's errors, and what it hands back with them.
    let [a0, a1, a2, a3, a4] = split(domain(rank), HALO);
    let a_addr = a0.as_slice().as_ptr();
    let (out_of_order, [a1, a0, a2, a3, a4]) =
        refused(join([a1, a0, a2, a3, a4]), "one split's pieces with the first two swapped");
    let [b0, b1, b2, b3, b4] = split(domain(rank + 1), HALO);
    let b_addr = b0.as_slice().as_ptr();
    let (foreign_first, [b0, a1, a2, a3, a4]) =
        refused(join([b0, a1, a2, a3, a4]), "another split's left ghost with this split's other four pieces");
    let (foreign_last, [a0, a1, a2, a3, b4]) = refused(
        join([a0, a1, a2, a3, b4]),
        "another split's right ghost with this split's other four pieces",
    );
    let (foreign_shuffled, [a1, b0, a2, a3, a4]) =
        refused(join([a1, b0, a2, a3, a4]), "pieces of two splits, out of order too");
    let handed_back = a0.as_slice().as_ptr() == a_addr && b0.as_slice().as_ptr() == b_addr;
    let rejoined = join([a0, a1, a2, a3, a4]).is_ok_and(|cells| cells.as_ptr() == a_addr)
        && join([b0, b1, b2, b3, b4]).is_ok_and(|cells| cells.as_ptr() == b_addr);

    // A domain with an empty middle is still five pieces.
    let empty = Vec::from([1.0; 4 * HALO]);
    let empty_addr = empty.as_ptr();
    let empty_middle = join(split(empty, HALO)).is_ok_and(|cells| cells.as_ptr() == empty_addr);

    report
        .with("out_of_order", out_of_order)
        .with("foreign_first", foreign_first)
        .with("foreign_last", foreign_last)
        .with("foreign_shuffled", foreign_shuffled)
        .with("handed_back", handed_back)
        .with("rejoined", rejoined)
        .with("empty_middle", empty_middle)
        .with("short_panics", short_split_panics())
        .with("kept_while_held", positions(|i| kept_while(i, false)))
        .with("kept_while_forgotten", positions(|i| kept_while(i, true)))
        .with("freed_by_last", positions(freed_by_last))
}

/// The error `join` gave, and the pieces it handed back; `what` says which
/// pieces they were, for the panic if `join` accepted them.
fn refused(joined: Result<Vec<f64>, (JoinError, [Piece; 5])>, what: &str) -> (String, [Piece; 5]) {
    match joined {
        Err((error, pieces)) => (format!("{error:?}"), pieces),
        Ok(cells) => {
            // The pieces are gone into `cells`, which may hold memory another
            // piece still reaches: leak it rather than free it.
            mem::forget(cells);
            panic!("join returned Ok for {what}: it must refuse them and hand the five pieces back")
        }
    }
}

/// Whether `split` of a domain too short for its halo panics, with the
/// panic hook quiet for the call.
fn short_split_panics() -> bool {
    let hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let panicked = panic::catch_unwind(|| split(vec![0.0; 4 * HALO - 1], HALO)).is_err();
    panic::set_hook(hook);
    panicked
}

/// `true,false,…`: `check` at each of the five positions.
fn positions(check: impl Fn(usize) -> bool) -> String {
    (0..5).map(|i| check(i).to_string()).collect::<Vec<_>>().join(",")
}

/// Drops every piece but piece `keep` (forgotten, or held), then allocates
/// a `Vec` of the domain's size: true if it did not get the domain's memory.
fn kept_while(keep: usize, forget: bool) -> bool {
    let cells = domain(0);
    let addr = cells.as_ptr();
    let mut pieces: Vec<Piece> = split(cells, HALO).into();
    let kept = pieces.remove(keep);
    if forget {
        mem::forget(kept);
        drop(pieces);
        reuses(addr).is_none()
    } else {
        drop(pieces);
        let reused = reuses(addr);
        drop(kept);
        reused.is_none()
    }
}

/// Drops every piece, piece `last` last: true if the domain's memory was
/// not reused before the last drop, and was after it (glibc's allocator
/// hands the block freed last straight back).
fn freed_by_last(last: usize) -> bool {
    let cells = domain(0);
    let addr = cells.as_ptr();
    let mut pieces: Vec<Piece> = split(cells, HALO).into();
    let final_piece = pieces.remove(last);
    drop(pieces);
    let early = reuses(addr);
    drop(final_piece);
    early.is_none() && reuses(addr).is_some()
}

/// Allocates a `Vec` of a domain's capacity, fills it with the canary and
/// drops it again: `Some` if it got the memory at `addr`.
fn reuses(addr: *const f64) -> Option<()> {
    let probe: Vec<f64> = black_box(vec![CANARY; CAPACITY]);
    (probe.as_ptr() == addr).then_some(())
}

/// Rank 0 forgets a receive into its left ghost and hands its other pieces
/// to `join` with a stranger, then drops them; rank 1 forgets a send of its
/// right edge and drops its other pieces. Each allocates a canary of the
/// domain's size; rank 1's late message must land in the leaked ghost.
fn forget(world: &SimpleCommunicator, report: Report) {
    if world.rank() == 0 {
        let rank1 = world.process_at_rank(1);
        world.barrier();
        let cells = domain(0);
        let addr = cells.as_ptr();
        let [ghost, edge, middle, far_edge, far_ghost] = split(cells, HALO);
        mem::forget(rank1.irecv_owned(ghost));
        // A stranger's ghost in the forgotten one's place.
        let [stranger, s1, s2, s3, s4] = split(domain(9), HALO);
        let (substitute, pieces) = match join([stranger, edge, middle, far_edge, far_ghost]) {
            Err((error, pieces)) => (format!("{error:?}"), Some(pieces)),
            Ok(cells) => {
                // Wrong: keep the Vec and watch whether the late message
                // lands in it.
                let watched = black_box(cells);
                let report = report.with("substitute", "accepted");
                world.barrier();
                let late = receive_within(&rank1, PATIENCE);
                let report = report
                    .with("joined_intact", watched[..HALO].iter().all(|&x| x == EMPTY))
                    .with("late", late.is_some());
                mem::forget(watched);
                return finish(report, late.is_some());
            }
        };
        drop(pieces);
        drop([s1, s2, s3, s4]);
        let canary = black_box(vec![CANARY; CAPACITY]);
        let reused = canary.as_ptr() == addr;
        world.barrier();
        // The forgotten receive takes the first message; this one the second.
        let late = receive_within(&rank1, PATIENCE);
        let report = report
            .with("substitute", substitute)
            .with("reused", reused)
            .with("canary_intact", intact(&canary))
            .with("late", late.as_ref().is_some_and(|cells| cells.iter().all(|&x| x == LATE + 1.0)));
        finish(report, late.is_some());
    } else if world.rank() == 1 {
        let rank0 = world.process_at_rank(0);
        world.barrier();
        world.barrier();
        let cells = domain(1);
        let addr = cells.as_ptr();
        let [ghost, edge, middle, mut far_edge, far_ghost] = split(cells, HALO);
        far_edge.as_mut_slice().fill(LATE);
        mem::forget(rank0.isend_owned(far_edge));
        drop([ghost, edge, middle, far_ghost]);
        let canary = black_box(vec![CANARY; CAPACITY]);
        let kept = canary.as_ptr() != addr;
        let (_, sent) = rank0.isend_owned(vec![LATE + 1.0; HALO]).wait();
        report.with("kept", kept).with("sent", sent.len() == HALO).print();
    }
}

/// Rank 0 posts receives into both ghosts, drops the left one's request at
/// once and the edges and the middle too, keeping only the right ghost's
/// request; a canary of the domain's size must not get the domain's memory,
/// and rank 1's one message must land in the right ghost. Dropping that
/// ghost then frees the domain.
fn drop_requests(world: &SimpleCommunicator, report: Report) {
    if world.rank() == 0 {
        let rank1 = world.process_at_rank(1);
        let cells = domain(0);
        let addr = cells.as_ptr();
        let [ghost, edge, middle, far_edge, far_ghost] = split(cells, HALO);
        let dropped = rank1.irecv_owned(ghost);
        let kept = rank1.irecv_owned(far_ghost);
        drop(dropped);
        drop([edge, middle, far_edge]);
        let canary = black_box(vec![CANARY; CAPACITY]);
        let reused = canary.as_ptr() == addr;
        world.barrier();
        let far_ghost = finish_within(kept, PATIENCE);
        let report = report
            .with("reused", reused)
            .with("canary_intact", intact(&canary))
            .with("arrived", far_ghost.as_ref().is_some_and(|p| p.as_slice().iter().all(|&x| x == LATE)));
        let complete = far_ghost.is_some();
        drop(canary);
        drop(far_ghost);
        let report = report.with("freed_after", complete && reuses(addr).is_some());
        finish(report, complete);
    } else if world.rank() == 1 {
        world.barrier();
        let (_, sent) = world.process_at_rank(0).isend_owned(vec![LATE; HALO]).wait();
        report.with("sent", sent.len() == HALO).print();
    }
}

/// Receives one `HALO`-cell message, or `None` if none arrived in time.
fn receive_within(from: &Process<'_>, patience: Duration) -> Option<Vec<f64>> {
    finish_within(from.irecv_owned(vec![0.0; HALO]), patience)
}

/// Whether every cell of `canary` still holds `CANARY`, read with volatile
/// loads so the compiler cannot assume nobody else wrote them.
fn intact(canary: &[f64]) -> bool {
    // SAFETY: each pointer comes from a live `&f64` into `canary`.
    canary.iter().all(|x| unsafe { std::ptr::read_volatile(x) } == CANARY)
}

/// Prints the report; if a message went missing, exits at once instead of
/// finalising MPI with a receive still posted.
fn finish(report: Report, complete: bool) {
    report.with("complete", complete).print();
    if !complete {
        std::process::exit(3);
    }
}

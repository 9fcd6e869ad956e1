//! Exercise 4 (stretch): one domain cut into pieces that requests own. The
//! halos must land in the ghosts, the domain must come back as the same
//! `Vec`, `join` must refuse pieces that are not one domain's in order, and
//! no piece (held, dropped, forgotten, or in a dropped or forgotten request)
//! may let the domain's memory be freed while MPI or another piece can
//! still reach it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use lab3::{Profile, RankReport, Run, mpirun, rank_program};

/// Cells per ghost and per edge, and the domain's length and capacity, as
/// `ranks/bin/pieces.rs` builds it.
const HALO: i64 = 3;
const CELLS: i64 = 4 * HALO + 10;
const CAPACITY: i64 = CELLS + 5;

fn run_pieces(ranks: i32, scenario: &str) -> Run {
    mpirun(ranks, &rank_program("pieces", Profile::Debug), &[scenario])
}

/// The 2-rank exchange, run once and read by several tests.
fn exchange_on_two() -> &'static BTreeMap<i32, RankReport> {
    static RUN: OnceLock<Run> = OnceLock::new();
    static REPORTS: OnceLock<BTreeMap<i32, RankReport>> = OnceLock::new();
    REPORTS.get_or_init(|| RUN.get_or_init(|| run_pieces(2, "exchange")).expect_reports(2))
}

/// `1016,1017,1018`: cells `from..from + HALO` of rank `rank`'s domain.
fn cells_of(rank: i32, from: i64) -> String {
    (from..from + HALO).map(|i| (1000 * i64::from(rank) + i).to_string()).collect::<Vec<_>>().join(",")
}

fn check_exchange(ranks: i32, reports: &BTreeMap<i32, RankReport>) {
    for (&rank, report) in reports {
        let left = (rank + ranks - 1) % ranks;
        let right = (rank + 1) % ranks;
        assert_eq!(
            report["piece_lens"],
            format!("{HALO},{HALO},{},{HALO},{HALO}", CELLS - 4 * HALO),
            "rank {rank}: split(cells, {HALO}) of {CELLS} cells must give pieces of these lengths, in this order: \
             left ghost, left edge, middle, right edge, right ghost"
        );
        assert_eq!(
            report["pieces_in_place"], "true",
            "rank {rank}: each piece's as_slice() must point at its own region inside the domain's allocation \
             (split must not copy the cells anywhere else)"
        );
        assert_eq!(
            report["sources"],
            format!("{left},{right}"),
            "rank {rank}: the ghosts' messages came from the wrong ranks"
        );
        assert_eq!(
            report["joined"], "ok",
            "rank {rank}: join refused the five pieces of one split, in split's order, after the exchange"
        );
        assert_eq!(
            report["left_ghost"],
            cells_of(left, CELLS - 2 * HALO),
            "rank {rank}: the left ghost must hold rank {left}'s right edge: a receive into the left ghost \
             piece must write exactly the ghost's cells of the domain"
        );
        assert_eq!(
            report["right_ghost"],
            cells_of(right, HALO),
            "rank {rank}: the right ghost must hold rank {right}'s left edge: a receive into the right ghost \
             piece must write exactly the ghost's cells of the domain"
        );
        assert_eq!(
            report["edges_intact"], "true",
            "rank {rank}: after the exchange the edges must still hold what was sent from them"
        );
        assert_eq!(
            report["middle_computed"], "true",
            "rank {rank}: the middle was changed through its piece while the halos travelled; the joined Vec \
             must hold those changes, and no message may land in it"
        );
    }
}

#[test]
fn halos_land_in_the_ghosts_on_two_ranks() {
    check_exchange(2, exchange_on_two());
}

#[test]
fn halos_land_in_the_ghosts_on_four_ranks() {
    check_exchange(4, &run_pieces(4, "exchange").expect_reports(4));
}

#[test]
fn join_gives_back_the_same_vec() {
    for (rank, report) in exchange_on_two() {
        assert_eq!(
            report["pieces_came_back"], "true",
            "rank {rank}: the pieces that the requests handed back must be the pieces that went in"
        );
        assert_eq!(
            report["same_allocation"], "true",
            "rank {rank}: join must give back the very allocation split took (no copy of the domain)"
        );
        assert_eq!(
            report["len"],
            CELLS.to_string(),
            "rank {rank}: the joined Vec must have the domain's length"
        );
        assert_eq!(
            report["capacity"],
            CAPACITY.to_string(),
            "rank {rank}: the joined Vec must have the capacity the domain's Vec had ({CAPACITY}, more than its \
             length): a Vec rebuilt with another capacity frees its memory with the wrong layout"
        );
    }
}

#[test]
fn join_refuses_foreign_and_shuffled_pieces() {
    for (rank, report) in exchange_on_two() {
        assert_eq!(
            report["out_of_order"], "OutOfOrder",
            "rank {rank}: join of one split's pieces with the first two swapped must be Err(JoinError::OutOfOrder)"
        );
        for (key, what) in [
            ("foreign_first", "another split's left ghost and this split's other four"),
            ("foreign_last", "this split's first four and another split's right ghost"),
            ("foreign_shuffled", "pieces of two splits, also out of order"),
        ] {
            assert_eq!(
                report[key], "NotOneDomain",
                "rank {rank}: join of {what} must be Err(JoinError::NotOneDomain): a piece of another domain \
                 is checked before the order"
            );
        }
        assert_eq!(
            report["handed_back"], "true",
            "rank {rank}: a refused join must hand back the five pieces it was given, unchanged"
        );
        assert_eq!(
            report["rejoined"], "true",
            "rank {rank}: after refused joins, the pieces put back in order must join into their own Vecs"
        );
        assert_eq!(
            report["empty_middle"], "true",
            "rank {rank}: a domain of exactly 4 * halo cells (an empty middle) must split and join back"
        );
    }
}

#[test]
fn split_panics_on_a_domain_too_short() {
    for (rank, report) in exchange_on_two() {
        assert_eq!(
            report["short_panics"],
            "true",
            "rank {rank}: split of {} cells with halo {HALO} must panic: there is no room for two ghosts and \
             two edges",
            4 * HALO - 1
        );
    }
}

#[test]
fn a_held_or_forgotten_piece_keeps_the_domain() {
    for (rank, report) in exchange_on_two() {
        for (key, how) in [("kept_while_held", "still held"), ("kept_while_forgotten", "forgotten")] {
            assert_eq!(
                report[key], "true,true,true,true,true",
                "rank {rank}: with one piece {how} (positions 0 to 4: false where it failed) and the other four \
                 dropped, a new allocation got the domain's memory: the domain must stay allocated while any \
                 piece lives, so that MPI's writes into it can never land in reused memory"
            );
        }
    }
}

#[test]
fn the_last_piece_frees_the_domain() {
    for (rank, report) in exchange_on_two() {
        assert_eq!(
            report["freed_by_last"], "true,true,true,true,true",
            "rank {rank}: with the pieces dropped in turn, piece k last (positions 0 to 4: false where it failed), \
             the domain's memory must be freed by the last drop and not before (the allocator hands it to the \
             next Vec of its size only then)"
        );
    }
}

#[test]
fn forgotten_requests_keep_the_domain_allocated() {
    let run = run_pieces(2, "forget");
    run.expect_no_hazard(0, "canary_intact", 1, |rank0| {
        format!(
            "a message landed in reused memory (reused: {}): rank 0 forgot a receive into its left ghost and \
             dropped the other four pieces, and the domain was freed; a forgotten piece must keep the whole \
             domain allocated",
            rank0["reused"]
        )
    });
    run.expect_no_hazard(0, "joined_intact", 1, |_| {
        "join took a stranger's ghost in place of a forgotten one and handed back a Vec, and MPI's late message \
         landed in that Vec: join must refuse pieces of another split"
            .into()
    });
    let reports = run.expect_reports_leaving(2, 1);
    assert_eq!(
        reports[&0]["substitute"], "NotOneDomain",
        "join of a stranger's ghost with the four pieces of a domain whose ghost is in a forgotten receive \
         must be Err(JoinError::NotOneDomain)"
    );
    assert_eq!(
        reports[&0]["late"], "true",
        "the forgotten receive must take the first message and the next receive the second"
    );
    assert_eq!(
        reports[&1]["kept"], "true",
        "rank 1 forgot a send of its right edge and dropped the other four pieces, and a new allocation got \
         the domain's memory: a piece in a forgotten request must keep the whole domain allocated"
    );
}

#[test]
fn dropped_requests_free_nothing_a_live_piece_uses() {
    let run = run_pieces(2, "drop");
    run.expect_no_hazard(0, "canary_intact", 0, |rank0| {
        format!(
            "a message landed in reused memory (reused: {}): with a receive into the right ghost still posted, \
             dropping the left ghost's request and the other pieces freed the domain",
            rank0["reused"]
        )
    });
    let reports = run.expect_reports(2);
    assert_eq!(
        reports[&0]["reused"], "false",
        "with a receive into the right ghost still posted, dropping the other pieces (one in a dropped request) \
         let a new allocation get the domain's memory: the domain must stay allocated while any piece lives"
    );
    assert_eq!(
        reports[&0]["arrived"], "true",
        "the right ghost's receive must hand back its piece holding rank 1's message"
    );
    assert_eq!(
        reports[&0]["freed_after"], "true",
        "once the last piece (the right ghost, back from its receive) was dropped, the domain's memory must be \
         freed: the next Vec of its size gets it"
    );
}

//! Exercise 1: a halo exchange with rsmpi's `request::scope` on borrowed
//! buffers, run on 2 and on 4 ranks.

use lab3::{Profile, mpirun, rank_program};

/// Interior cells per rank, as `ranks/bin/halo.rs` fills them.
const INTERIOR: i64 = 4;

fn halo_on(ranks: i32) {
    let run = mpirun(ranks, &rank_program("halo", Profile::Debug), &[]);
    for (rank, report) in run.expect_reports(ranks) {
        let left = i64::from((rank + ranks - 1) % ranks);
        let right = i64::from((rank + 1) % ranks);
        let want_left = (1000 * left + INTERIOR).to_string();
        let want_right = (1000 * right + 1).to_string();
        assert_eq!(
            report["left_ghost"], want_left,
            "rank {rank}: the left ghost must hold rank {left}'s last interior cell"
        );
        assert_eq!(
            report["right_ghost"], want_right,
            "rank {rank}: the right ghost must hold rank {right}'s first interior cell"
        );
        assert_eq!(report["interior_intact"], "true", "rank {rank}: the exchange changed interior cells");
    }
}

#[test]
fn halos_on_two_ranks() {
    halo_on(2);
}

#[test]
fn halos_on_four_ranks() {
    halo_on(4);
}

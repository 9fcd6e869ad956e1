//! Exercise 2: requests that own their buffers. Data must arrive, buffers
//! must come back, and a dropped or forgotten request must never let a
//! message land in memory the program has reused.

use lab3::{Profile, RankReport, Run, mpirun, rank_program};
use std::collections::BTreeMap;

fn owned(ranks: i32, scenario: &str) -> BTreeMap<i32, RankReport> {
    run_owned(ranks, scenario).expect_reports(ranks)
}

fn run_owned(ranks: i32, scenario: &str) -> Run {
    mpirun(ranks, &rank_program("owned", Profile::Debug), &[scenario])
}

fn ring_on(ranks: i32) {
    for (rank, report) in owned(ranks, "ring") {
        let left = (rank + ranks - 1) % ranks;
        assert_eq!(
            report["source"],
            left.to_string(),
            "rank {rank}: the message must come from the left neighbour"
        );
        assert_eq!(
            report["received_ok"], "true",
            "rank {rank}: the received buffer does not hold the left neighbour's data"
        );
        assert_eq!(
            report["send_buffer_back"], "true",
            "rank {rank}: wait() on a send must hand back the same allocation, unchanged (no copies)"
        );
        assert_eq!(
            report["recv_buffer_back"], "true",
            "rank {rank}: wait() on a receive must hand back the same allocation it was given"
        );
    }
}

#[test]
fn ring_on_two_ranks() {
    ring_on(2);
}

#[test]
fn ring_on_four_ranks() {
    ring_on(4);
}

#[test]
fn test_reports_pending_then_complete() {
    let run = run_owned(2, "poll");
    assert!(
        run.reports().get(&0).is_none_or(|r| r["early"] != "blocked"),
        "test() on a receive whose message was not sent yet did not return within a second: \
         test() must ask MPI once (MPI_Test) and give the request back, never wait for the message"
    );
    let reports = run.expect_reports(2);
    assert_eq!(
        reports[&0]["early"], "pending",
        "test() on a receive whose message was not sent yet must give the request back"
    );
    assert_eq!(
        reports[&0]["data_ok"], "true",
        "testing the receive until it completes must hand back the message"
    );
    assert_eq!(
        reports[&1]["send_completed"], "true",
        "testing a send until it completes must hand back its buffer intact"
    );
}

#[test]
fn dropped_receive_never_writes_into_reused_memory() {
    let run = run_owned(2, "drop-early");
    run.expect_no_hazard(0, "canary_intact", 0, |rank0| {
        format!(
            "a message landed in memory that was freed when the receive was dropped (reused by the allocator: {}): \
             Drop must cancel or finish the receive before the buffer is freed",
            rank0["reused"]
        )
    });
    let reports = run.expect_reports(2);
    assert_eq!(
        reports[&0]["last"], "0xbb",
        "after a dropped receive, the next receive must still get its message"
    );
}

#[test]
fn dropped_send_finishes_before_its_buffer_is_freed() {
    let run = run_owned(2, "drop-send");
    let reused = run.reports().get(&1).and_then(|rank1| rank1.get("reused").cloned());
    run.expect_no_hazard(0, "data_ok", 0, |_| {
        format!(
            "the receiver got bytes from memory that was freed when the send was dropped (reused by the allocator: {}): \
             Drop must finish the send (wait for it) before the buffer is freed",
            reused.as_deref().unwrap_or("?")
        )
    });
    run.expect_reports(2);
}

#[test]
fn forgotten_requests_leak_their_buffers() {
    let run = run_owned(2, "forget");
    run.expect_no_hazard(0, "canary_intact", 1, |_| {
        "a message landed in reused memory after a receive was forgotten: the request must own its buffer, \
         so forgetting it leaks the buffer"
            .into()
    });
    // Each rank forgets one request on purpose: it stays live, never completed.
    let reports = run.expect_reports_leaving(2, 1);
    assert_eq!(
        reports[&0]["got"], "0xbb",
        "the forgotten receive must have taken the first message, the next receive the second"
    );
    assert_eq!(reports[&1]["sent_back_intact"], "true");
}

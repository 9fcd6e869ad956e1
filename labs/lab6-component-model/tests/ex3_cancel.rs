//! Exercise 3: the guest cancels a write the host does not take and gets its
//! buffer back. (What forgetting the write instead does is the example
//! `forgotten_write`, a demonstration, not a grader.)

mod common;

use common::{assert_bytes, lab};
use lab6::host::{Reader, pattern};

#[test]
fn a_write_nobody_reads_is_cancelled_and_the_buffer_comes_back() {
    let mut lab = lab();
    for (len, patience) in [(1, 0), (4096, 3), (1 << 20, 10)] {
        lab.reset().unwrap_or_else(|e| panic!("{e}"));
        let got = lab.offer(len, patience, Reader::Stall).unwrap_or_else(|e| panic!("{e}"));
        assert!(got.is_empty(), "the host took nothing, yet received {} bytes", got.len());
        let stats = lab.stats().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(stats.bytes_taken, 0, "offer must report that the reader took nothing");
        assert_eq!(
            stats.recovered_capacity, len as u64,
            "after cancelling, the guest must hold its {len}-byte buffer again (cancel, not drop)"
        );
        assert!(stats.recovered_intact, "the buffer must come back holding all {len} untaken bytes");
    }
}

#[test]
fn a_write_the_host_takes_is_not_cancelled() {
    let mut lab = lab();
    lab.reset().unwrap_or_else(|e| panic!("{e}"));
    let got = lab.offer(10_000, 50, Reader::GIVEN_ALL).unwrap_or_else(|e| panic!("{e}"));
    assert_bytes(&got, &pattern(10_000), "an offer the host reads");
    let stats = lab.stats().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stats.bytes_taken, 10_000);
    assert!(stats.recovered_intact, "the buffer must come back (empty) after a full write");
}

#[test]
fn a_partly_taken_write_returns_the_rest() {
    let mut lab = lab();
    lab.reset().unwrap_or_else(|e| panic!("{e}"));
    let reader = Reader::Given { max_per_read: 1000, limit: usize::MAX };
    let got = lab.offer(2500, 0, reader).unwrap_or_else(|e| panic!("{e}"));
    let stats = lab.stats().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stats.bytes_taken, got.len() as u64, "offer must count what the host took");
    assert_bytes(&got, &pattern(2500)[..got.len()], "the part the host took");
    assert!(
        stats.recovered_intact,
        "the buffer must come back holding the {} untaken bytes",
        2500 - got.len()
    );
}

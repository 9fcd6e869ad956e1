//! Exercise 3: the guest offers one write for exactly `patience` yields,
//! then cancels it and gets its buffer back, holding what the host did not
//! take. (What forgetting the write instead does is the example
//! `forgotten_write`, a demonstration, not a grader.)
//!
//! Turns are the polls of the student's `offer` future, as the given guest
//! code reports them: turn 1 starts the write, each later turn follows one
//! `yield_async`. With patience P the write must start on turn 1 and the
//! host must be asked to cancel on turn P + 1.

mod support;

use lab6::host::{GuestStats, Lab, Offered, Reader, pattern};
use support::{assert_bytes, fail, lab};

/// Runs one offer after zeroing the counters; returns what the host saw and the guest's counters.
fn offer(lab: &mut Lab, len: u32, patience: u32, reader: Reader) -> (Offered, GuestStats) {
    lab.reset().unwrap_or_else(|e| fail(e));
    let offered = lab.offer(len, patience, reader).unwrap_or_else(|e| fail(e));
    let stats = lab.stats().unwrap_or_else(|e| fail(e));
    (offered, stats)
}

/// The buffer `offer` handed back is the one it was given, holding exactly
/// the `len - taken` bytes the host did not take, in order.
fn assert_buffer_back(stats: &GuestStats, len: u32, taken: usize, what: &str) {
    assert_eq!(stats.bytes_taken, taken as u64, "{what}: offer must report the {taken} bytes the host took");
    assert_eq!(
        stats.returned_len,
        u64::from(len) - taken as u64,
        "{what}: the buffer must come back holding the {} bytes the host did not take",
        u64::from(len) - taken as u64
    );
    assert!(
        stats.recovered_intact,
        "{what}: the buffer must hold the untaken bytes {taken}..{len} of the offer, in order"
    );
    assert_eq!(
        (stats.replaced_buffers, stats.recovered_capacity),
        (0, u64::from(len)),
        "{what}: offer must hand back the allocation it was given ({len} bytes), not a copy or a new Vec \
         (got {} replaced, capacity {})",
        stats.replaced_buffers,
        stats.recovered_capacity
    );
}

#[test]
fn a_write_nobody_reads_is_cancelled_and_the_buffer_comes_back() {
    let mut lab = lab();
    for (len, patience) in [(1, 0), (4096, 3), (1 << 20, 10)] {
        let (offered, stats) = offer(&mut lab, len, patience, Reader::Stall);
        let what = format!("{len} bytes nobody reads, patience {patience}");
        assert!(
            offered.got.is_empty(),
            "{what}: the host took nothing, yet received {} bytes",
            offered.got.len()
        );
        assert_eq!(stats.bytes_taken, 0, "{what}: offer must report that the reader took nothing");
        assert_eq!(
            stats.recovered_capacity, len as u64,
            "{what}: after cancelling, the guest must hold its {len}-byte buffer again (cancel, not drop)"
        );
        assert_buffer_back(&stats, len, 0, &what);
    }
}

#[test]
fn patience_counts_the_turns_the_write_is_offered() {
    let mut lab = lab();
    for patience in [0, 1, 2, 7] {
        let (offered, stats) = offer(&mut lab, 300, patience, Reader::Stall);
        let seen = offered.seen;
        assert_eq!(
            seen.started,
            Some(1),
            "patience {patience}: the write must start on the first poll of offer, before any yield \
             (it started on turn {:?}; None: never)",
            seen.started
        );
        assert_eq!(seen.writes, 1, "patience {patience}: offer must start exactly one write");
        assert_eq!(
            seen.cancel_asked,
            Some(patience + 1),
            "patience {patience}: the write must stay offered through {patience} yields and be cancelled on \
             the next poll, turn {}; the host was asked to cancel on turn {:?}",
            patience + 1,
            seen.cancel_asked
        );
        assert_buffer_back(&stats, 300, 0, &format!("patience {patience}, nobody reads"));
    }
}

#[test]
fn the_last_turn_of_patience_is_still_offered() {
    let mut lab = lab();
    let len = 3000;
    for yields in [1, 2, 5] {
        // The host takes everything during the guest's `yields`-th yield.
        let reader = Reader::Late { yields, take: usize::MAX, on_cancel: 0 };
        let (offered, stats) = offer(&mut lab, len, yields, reader);
        let what = format!("patience {yields}, the host reading after {yields} yields");
        assert_bytes(&offered.got, &pattern(len as usize), &what);
        assert_buffer_back(&stats, len, len as usize, &what);

        // One yield fewer: the host would read after the guest gave up.
        let (offered, stats) = offer(&mut lab, len, yields - 1, reader);
        let what = format!("patience {}, the host reading only after {yields} yields", yields - 1);
        assert!(
            offered.got.is_empty(),
            "{what}: the write must be cancelled before the host reads, yet {} bytes arrived \
             (the host was asked to cancel on turn {:?})",
            offered.got.len(),
            offered.seen.cancel_asked
        );
        assert_eq!(offered.seen.cancel_asked, Some(yields), "{what}: the guest must cancel on turn {yields}");
        assert_buffer_back(&stats, len, 0, &what);
    }
}

#[test]
fn a_cancel_the_host_answers_with_bytes_reports_them() {
    // Asked to cancel, the host may still take part of the write: `cancel`
    // says how many, and the buffer holds the rest. Dropping the write
    // cancels it the same way, but the guest learns nothing and loses the buffer.
    let mut lab = lab();
    for (len, patience, on_cancel) in [(4096, 2, 1000), (100, 0, 1), (5000, 3, 5000)] {
        let reader = Reader::Late { yields: u32::MAX, take: 0, on_cancel };
        let (offered, stats) = offer(&mut lab, len, patience, reader);
        let what =
            format!("{len} bytes, patience {patience}, the host taking {on_cancel} when asked to cancel");
        assert_eq!(
            offered.seen.cancel_asked,
            Some(patience + 1),
            "{what}: the guest must cancel on turn {}",
            patience + 1
        );
        assert_bytes(&offered.got, &pattern(len as usize)[..on_cancel], &what);
        assert_buffer_back(&stats, len, on_cancel, &what);
    }
}

#[test]
fn a_write_the_host_takes_is_not_cancelled() {
    let mut lab = lab();
    for (reader, yields) in
        [(Reader::GIVEN_ALL, 0), (Reader::Late { yields: 3, take: usize::MAX, on_cancel: 0 }, 3)]
    {
        let (offered, stats) = offer(&mut lab, 10_000, 50, reader);
        let what = format!("an offer with patience 50 the host reads after {yields} yields");
        assert_bytes(&offered.got, &pattern(10_000), &what);
        assert_buffer_back(&stats, 10_000, 10_000, &what);
        if let Reader::Late { .. } = reader {
            assert_eq!(
                offered.seen.cancel_asked, None,
                "{what}: a write that finished must not be cancelled"
            );
            assert!(
                offered.turns <= yields + 2,
                "{what}: offer must return once the write finished, not wait out its patience \
                 ({} turns)",
                offered.turns
            );
        }
    }
}

#[test]
fn a_partly_taken_write_returns_the_rest() {
    let mut lab = lab();
    for patience in [0, 4] {
        // The host takes 1000 bytes of the write at once, and would take
        // more only from another write.
        let reader = Reader::Late { yields: 0, take: 1000, on_cancel: 0 };
        let (offered, stats) = offer(&mut lab, 2500, patience, reader);
        let what = format!("2500 bytes, patience {patience}, the host taking 1000 of the write");
        assert_eq!(
            offered.seen.writes, 1,
            "{what}: a write that took part of the buffer has finished: offer writes once, and returns the rest"
        );
        assert_bytes(&offered.got, &pattern(2500)[..1000], &what);
        assert_buffer_back(&stats, 2500, 1000, &what);
    }
}

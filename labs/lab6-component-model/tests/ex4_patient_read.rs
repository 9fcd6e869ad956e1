//! Exercise 4 (stretch): the guest reads a host-written stream into one
//! buffer, waits for a slow writer no longer than its patience allows, and
//! whether the buffer filled, the writer ended the stream or the guest gave
//! up, it holds every byte the host wrote, in order, in the allocation it
//! was lent, and no read is left pending.
//!
//! Turns are the polls of the student's `gather` future, as the given guest
//! code reports them: turn 1 is the first poll, each later turn follows one
//! `yield_async`, during which the host's writer runs. A read started on
//! turn S with patience P is polled on turns S to S + P, with P yields
//! between them, and if it is still waiting on turn S + P it is given up on
//! that turn: the first read, started on turn 1, on turn P + 1.

mod support;

use lab6::host::{Ending, Feed, Gathered, Lab, pattern};
use support::{assert_bytes, fail, lab};

/// What the buffer holds before `gather` reads into it (the given guest code's `HELD`).
const HELD: u8 = 0xa5;

/// Allocations a `gather` may make: wit-bindgen's, when a read first waits.
const ALLOWANCE: u64 = 2;

/// Runs one `gather`; fails the test with the guest's or the host's words.
fn gather(lab: &mut Lab, feed: Feed, capacity: u32, held: u32, patience: u32) -> Gathered {
    lab.gather(feed, capacity, held, patience).unwrap_or_else(|e| fail(e))
}

/// What holds however `gather` ended: nothing pending, the same
/// allocation, the bytes it held and then exactly the bytes the host wrote.
fn assert_kept(got: &Gathered, held: usize, what: &str) {
    let fed = &got.fed;
    assert!(
        !fed.pending_at_return && fed.asked_after_return == 0,
        "{what}: a read was still pending after gather returned (the host was asked for bytes {} times \
         afterwards): the host could still write into memory the guest uses again; give up a read with \
         its cancel, never by forgetting it",
        fed.asked_after_return
    );
    assert_eq!(
        fed.empty_reads, 0,
        "{what}: gather started {} reads with no room for a byte; a full buffer needs no read",
        fed.empty_reads
    );
    assert!(
        got.same_allocation,
        "{what}: gather must hand back the allocation it was lent (same pointer and capacity), not a copy or \
         a new Vec: the host writes into the buffer's spare capacity"
    );
    assert!(
        got.bytes.len() >= held && got.bytes[..held].iter().all(|&b| b == HELD),
        "{what}: the buffer held {held} bytes of {HELD:#04x} before gather; they must still be at its front \
         (read after them, into the spare capacity, never over them)"
    );
    assert_bytes(
        &got.bytes[held..],
        &pattern(fed.delivered),
        &format!(
            "{what}: after the {held} bytes it held, the buffer must hold exactly the {} bytes the host wrote \
             (in completed reads and in answer to cancels), in order, none lost, none twice",
            fed.delivered
        ),
    );
    // wit-bindgen's bookkeeping allocates once when a read first waits.
    assert!(
        got.allocations <= ALLOWANCE,
        "{what}: gather allocated {} times ({} reads); the host writes straight into the buffer, so nothing \
         needs a scratch Vec or a copy (allowed: {ALLOWANCE}, for wit-bindgen's own bookkeeping)",
        got.allocations,
        fed.reads
    );
}

#[test]
fn a_prompt_writer_fills_the_buffer() {
    let mut lab = lab();
    for (capacity, held, per_read) in [(1000, 0, usize::MAX), (3000, 0, 1000), (4096, 100, 7), (64, 64, 1)] {
        let got = gather(&mut lab, Feed::prompt(per_read), capacity, held, 0);
        let what = format!(
            "a {capacity}-byte buffer holding {held} bytes, the host writing at once, {}",
            if per_read == usize::MAX {
                "all a read has room for".to_string()
            } else {
                format!("at most {per_read} per read")
            }
        );
        assert_eq!(
            got.ending,
            Ending::Full,
            "{what}: gather must read until the buffer is full and say `Full`"
        );
        assert_kept(&got, held as usize, &what);
        assert_eq!(
            got.fed.delivered,
            (capacity - held) as usize,
            "{what}: the host wrote {} bytes, but the buffer had room for {}",
            got.fed.delivered,
            capacity - held
        );
        assert_eq!(
            got.fed.cancels, 0,
            "{what}: a writer that answers every read at once must not be given up on"
        );
        if held == capacity {
            assert_eq!(got.fed.reads, 0, "{what}: a buffer that comes full is handed back without a read");
        }
    }
}

#[test]
fn a_writer_that_ends_the_stream_leaves_what_it_wrote() {
    let mut lab = lab();
    // (bytes in all, per read, yields before each answer, patience)
    for (total, per_read, yields, patience) in
        [(700, 300, 0, 0), (0, 1, 0, 0), (500, 200, 2, 3), (4086, 4096, 0, 1)]
    {
        let feed = Feed { total, per_read, yields, stall_after: usize::MAX, on_cancel: 0, then_drop: true };
        let got = gather(&mut lab, feed, 4096, 10, patience);
        let what = format!(
            "a writer that ends the stream after {total} bytes, {per_read} per read, each after {yields} \
             yields, patience {patience}"
        );
        let want = if total == 4086 { Ending::Full } else { Ending::Dropped };
        assert_eq!(
            got.ending, want,
            "{what}: gather must say `{want:?}` (`Dropped` when the writer ended the stream before the buffer \
             filled, `Full` when the buffer filled)"
        );
        assert_kept(&got, 10, &what);
        assert_eq!(got.fed.delivered, total, "{what}: every byte the writer had must arrive");
        assert_eq!(got.fed.cancels, 0, "{what}: a writer within the patience must not be given up on");
    }
}

#[test]
fn a_writer_that_never_writes_is_given_up_on() {
    let mut lab = lab();
    for patience in [0, 1, 3, 6] {
        let feed = Feed { stall_after: 0, ..Feed::prompt(usize::MAX) };
        let got = gather(&mut lab, feed, 2000, 30, patience);
        let what = format!("a writer that never writes, patience {patience}");
        assert_eq!(got.ending, Ending::GaveUp, "{what}: gather must give up and say `GaveUp`");
        assert_eq!(
            got.fed.reads, 1,
            "{what}: gather must start exactly one read (it started {})",
            got.fed.reads
        );
        assert_eq!(
            got.fed.last_started,
            Some(1),
            "{what}: the read must start on the first poll of gather, before any yield (it started on turn {:?}; \
             None: never)",
            got.fed.last_started
        );
        assert_eq!(
            got.fed.cancel_asked,
            Some(patience + 1),
            "{what}: the read must stay offered through {patience} yields and be given up on the next poll, turn \
             {}, by cancelling it; the host was asked to cancel on turn {:?} (None: never; a dropped read is \
             cancelled too, a forgotten one never)",
            patience + 1,
            got.fed.cancel_asked
        );
        assert_kept(&got, 30, &what);
        assert_eq!(got.bytes.len(), 30, "{what}: the buffer must come back holding just its 30 bytes");
    }
}

#[test]
fn patience_counts_each_read_from_its_start() {
    let mut lab = lab();
    for k in [1, 3] {
        // Every read is answered on the k-th yield after it started; the
        // guest sees the answer on a poll after its next yield. With
        // patience k + 1 that is just in time, read after read: the budget
        // is each read's, not the call's.
        let feed = Feed { yields: k, ..Feed::prompt(500) };
        let got = gather(&mut lab, feed, 2000, 0, k + 1);
        let what =
            format!("a writer that answers each read once it has waited {k} yields, patience {}", k + 1);
        assert_eq!(
            got.ending,
            Ending::Full,
            "{what}: every read was answered within the patience, so gather must read on until the buffer is \
             full (the host was asked to cancel on turn {:?}; patience counts the yields of one read, from its \
             start, not of the whole call)",
            got.fed.cancel_asked
        );
        assert_eq!(
            got.fed.reads, 4,
            "{what}: 2000 bytes at 500 a read take 4 reads (gather started {})",
            got.fed.reads
        );
        assert_eq!(got.fed.cancels, 0, "{what}: no read may be given up on");
        assert_kept(&got, 0, &what);

        // Patience k: the answer, given during the last yield, wins the race
        // with the cancel and comes back with it.
        let got = gather(&mut lab, feed, 2000, 0, k);
        let what = format!("a writer that answers each read once it has waited {k} yields, patience {k}");
        assert_eq!(
            got.ending,
            Ending::GaveUp,
            "{what}: the host answered during the last of the {k} yields, so the first read was still waiting on the poll after them, and gather must give it up (the answer comes with the cancel)"
        );
        assert_eq!(
            got.fed.reads, 1,
            "{what}: gather must give up on the first read ({} reads)",
            got.fed.reads
        );
        assert_kept(&got, 0, &what);
        assert_eq!(
            got.fed.delivered, 500,
            "{what}: the host wrote 500 bytes during the last yield; the cancel hands them back"
        );

        // One yield slower: the host is asked to cancel, and answers with nothing.
        let feed = Feed { yields: k + 1, ..Feed::prompt(500) };
        let got = gather(&mut lab, feed, 2000, 0, k);
        let what =
            format!("a writer that answers each read once it has waited {} yields, patience {k}", k + 1);
        assert_eq!(got.ending, Ending::GaveUp, "{what}: gather must give up on the first read");
        assert_eq!(
            got.fed.cancel_asked,
            Some(k + 1),
            "{what}: the first read must be given up on turn {}, after {k} yields (the host was asked on turn {:?})",
            k + 1,
            got.fed.cancel_asked
        );
        assert_kept(&got, 0, &what);
        assert_eq!(got.fed.delivered, 0, "{what}: the writer answered no read");
    }
}

#[test]
fn a_writer_that_stalls_midway_keeps_what_it_gave() {
    let mut lab = lab();
    for (per_read, yields, patience) in [(500, 1, 2), (64, 0, 0), (300, 2, 4)] {
        // It answers reads until 1500 bytes are given, then none.
        let feed = Feed { yields, stall_after: 1500, ..Feed::prompt(per_read) };
        let got = gather(&mut lab, feed, 4096, 20, patience);
        let what = format!(
            "a writer giving {per_read} bytes a read after {yields} yields, then stalling at 1500, patience {patience}"
        );
        assert_eq!(
            got.ending,
            Ending::GaveUp,
            "{what}: gather must give up on the read the writer never answers"
        );
        assert_eq!(got.fed.delivered, 1500, "{what}: the host wrote 1500 bytes before it stalled");
        assert_eq!(
            got.fed.cancels, 1,
            "{what}: gather must give up once, on the last read ({} cancels)",
            got.fed.cancels
        );
        let started = got.fed.last_started.unwrap_or(0);
        assert_eq!(
            got.fed.cancel_asked,
            Some(started + patience),
            "{what}: the read that started on turn {started} must be given up on turn {}, after {patience} yields \
             of its own (the host was asked on turn {:?})",
            started + patience,
            got.fed.cancel_asked
        );
        assert_kept(&got, 20, &what);
    }
}

#[test]
fn bytes_the_host_gives_in_answer_to_a_cancel_are_kept() {
    let mut lab = lab();
    // (answered before stalling, per read, given in answer to the cancel, patience)
    for (stall_after, per_read, on_cancel, patience) in
        [(0, 100, 120, 2), (900, 300, 1, 0), (250, 1000, 4000, 1)]
    {
        let feed = Feed { stall_after, on_cancel, ..Feed::prompt(per_read) };
        let got = gather(&mut lab, feed, 3000, 5, patience);
        let what = format!(
            "a writer that stalls after {stall_after} bytes and answers the cancel with up to {on_cancel}, patience \
             {patience}"
        );
        let answer = on_cancel.min(3000 - 5 - stall_after);
        assert_eq!(
            got.ending,
            Ending::GaveUp,
            "{what}: a read was given up, so gather says `GaveUp`, even though the host's answer brought bytes"
        );
        assert_eq!(
            got.fed.delivered,
            stall_after + answer,
            "{what}: the host wrote {stall_after} bytes, then {answer} in answer to the cancel"
        );
        let answered = stall_after.div_ceil(per_read) as u32;
        assert_eq!(
            (got.fed.reads, got.fed.cancels),
            (answered + 1, 1),
            "{what}: {answered} reads answered, then one given up, and after a cancel gather has given up: no \
             read after it, whatever the answer brought ({} reads, {} cancels)",
            got.fed.reads,
            got.fed.cancels
        );
        assert_kept(&got, 5, &what);
    }
}

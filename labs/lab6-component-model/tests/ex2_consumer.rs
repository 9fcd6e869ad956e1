//! Exercise 2: the host's consumer takes what the guest wrote, at most
//! `max_per_read` at a time, and drops the stream at its limit; the guest
//! sees the drop and keeps its buffer; a write that offers nothing sends
//! nothing to `out`.

mod support;

use lab6::host::{Reader, pattern};
use support::{assert_bytes, expected, fail, input, lab};

#[test]
fn reads_everything_the_guest_wrote() {
    let mut lab = lab();
    let data = input(200_000);
    let got = lab.transform(data.clone(), 8192, Reader::ALL).unwrap_or_else(|e| fail(e));
    assert_bytes(&got, &expected(&data), "200000 bytes");
}

#[test]
fn takes_at_most_max_per_read() {
    let mut lab = lab();
    let data = input(10_000);
    lab.reset().unwrap_or_else(|e| fail(e));
    let reader = Reader::Sink { max_per_read: 10, limit: usize::MAX };
    let got = lab.transform(data.clone(), 1000, reader).unwrap_or_else(|e| fail(e));
    assert_bytes(&got, &expected(&data), "chunks of 1000 read 10 at a time");
    let stats = lab.stats().unwrap_or_else(|e| fail(e));
    assert_eq!(stats.bytes_taken, 10_008, "the guest's writes must report every byte the host took");
}

#[test]
fn host_drops_the_stream_early() {
    let mut lab = lab();
    let data = input(100_000);
    for limit in [1, 4096, 4097, 50_000] {
        lab.reset().unwrap_or_else(|e| fail(e));
        let reader = Reader::Sink { max_per_read: usize::MAX, limit };
        let got = lab.transform(data.clone(), 4096, reader).unwrap_or_else(|e| fail(e));
        assert_bytes(&got, &expected(&data)[..limit], &format!("the first {limit} bytes"));
        let stats = lab.stats().unwrap_or_else(|e| fail(e));
        assert_eq!(stats.bytes_taken, limit as u64, "the guest must see the host stop after {limit} bytes");
        assert_eq!(
            stats.recovered_capacity, 4096,
            "the guest must get its 4096-byte buffer back when the host drops"
        );
        assert_eq!(
            (stats.replaced_buffers, stats.returned_len),
            (0, 0),
            "after the host dropped, the guest must hold the buffer it lent, emptied"
        );
    }
}

/// The guest's given `empty-write` makes one zero-length write (the consumer
/// is called with nothing to take), then writes 300 bytes: what arrives is
/// those bytes, and every batch sent to `out` holds at least one byte.
#[test]
fn an_empty_write_sends_nothing_to_out() {
    let mut lab = lab();
    for (max_per_read, per_read) in [(usize::MAX, "all at once"), (7, "7 at a time")] {
        let reader = Reader::Sink { max_per_read, limit: usize::MAX };
        let (got, batches) = lab.empty_write(300, reader).unwrap_or_else(|e| fail(e));
        let what = format!("a zero-length write, then 300 bytes read {per_read}");
        assert_bytes(&got, &pattern(300), &what);
        assert!(
            !batches.contains(&0),
            "{what}: the consumer sent an empty batch to `out` (batch lengths {batches:?}): a write that gives nothing sends nothing"
        );
    }
}

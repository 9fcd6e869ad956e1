//! Exercise 2: the host's consumer takes what the guest wrote, at most
//! `max_per_read` at a time, and drops the stream at its limit; the guest
//! sees the drop and keeps its buffer.

mod common;

use common::{assert_bytes, expected, input, lab};
use lab6::host::Reader;

#[test]
fn reads_everything_the_guest_wrote() {
    let mut lab = lab();
    let data = input(200_000);
    let got = lab.transform(data.clone(), 8192, Reader::ALL).unwrap_or_else(|e| panic!("{e}"));
    assert_bytes(&got, &expected(&data), "200000 bytes");
}

#[test]
fn takes_at_most_max_per_read() {
    let mut lab = lab();
    let data = input(10_000);
    lab.reset().unwrap_or_else(|e| panic!("{e}"));
    let reader = Reader::Sink { max_per_read: 10, limit: usize::MAX };
    let got = lab.transform(data.clone(), 1000, reader).unwrap_or_else(|e| panic!("{e}"));
    assert_bytes(&got, &expected(&data), "chunks of 1000 read 10 at a time");
    let stats = lab.stats().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stats.bytes_taken, 10_008, "the guest's writes must report every byte the host took");
}

#[test]
fn host_drops_the_stream_early() {
    let mut lab = lab();
    let data = input(100_000);
    for limit in [1, 4096, 4097, 50_000] {
        lab.reset().unwrap_or_else(|e| panic!("{e}"));
        let reader = Reader::Sink { max_per_read: usize::MAX, limit };
        let got = lab.transform(data.clone(), 4096, reader).unwrap_or_else(|e| panic!("{e}"));
        assert_bytes(&got, &expected(&data)[..limit], &format!("the first {limit} bytes"));
        let stats = lab.stats().unwrap_or_else(|e| panic!("{e}"));
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

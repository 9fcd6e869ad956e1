//! Exercise 1: the guest's write loop sends every byte, resumes partial
//! writes from the same buffer, and allocates nothing per chunk.

mod common;

use common::{assert_bytes, expected, input, lab};
use lab6::host::Reader;

#[test]
fn every_size_arrives_intact() {
    let mut lab = lab();
    for len in [0, 1, 63, 64, 4096, 100_000, 3 << 20] {
        let data = input(len);
        let got = lab.transform(data.clone(), 4096, Reader::GIVEN_ALL).unwrap_or_else(|e| panic!("{e}"));
        assert_bytes(&got, &expected(&data), &format!("{len} bytes in chunks of 4096"));
    }
}

#[test]
fn partial_writes_lose_nothing() {
    let mut lab = lab();
    let data = input(50_000);
    for (chunk, max_per_read) in [(4096, 7), (1000, 999), (64, 1)] {
        let reader = Reader::Given { max_per_read, limit: usize::MAX };
        let got = lab.transform(data.clone(), chunk, reader).unwrap_or_else(|e| panic!("{e}"));
        assert_bytes(
            &got,
            &expected(&data),
            &format!("chunks of {chunk}, the host taking {max_per_read} per read"),
        );
    }
}

#[test]
fn no_allocation_per_chunk() {
    let mut lab = lab();
    let chunk = 1024;
    // Warm up, then count a short and a long run: the difference is what the
    // extra chunks cost.
    lab.transform(input(64 * 1024), chunk, Reader::GIVEN_ALL).unwrap_or_else(|e| panic!("{e}"));
    let mut allocations = Vec::new();
    for len in [64 * 1024, 1024 * 1024] {
        lab.reset().unwrap_or_else(|e| panic!("{e}"));
        lab.transform(input(len), chunk, Reader::GIVEN_ALL).unwrap_or_else(|e| panic!("{e}"));
        allocations.push(lab.stats().unwrap_or_else(|e| panic!("{e}")).allocations);
    }
    let extra_chunks = (1024 - 64) as u64;
    let extra = allocations[1].saturating_sub(allocations[0]);
    assert!(
        extra < extra_chunks / 2,
        "the guest allocated {extra} more times for {extra_chunks} more chunks ({} vs {}): \
         a chunk must reuse the buffer `write` hands back",
        allocations[0],
        allocations[1]
    );
}

#[test]
fn partial_writes_allocate_nothing_either() {
    let mut lab = lab();
    let reader = Reader::Given { max_per_read: 100, limit: usize::MAX };
    lab.transform(input(16 * 1024), 1024, reader).unwrap_or_else(|e| panic!("{e}"));
    let mut allocations = Vec::new();
    for len in [16 * 1024, 256 * 1024] {
        lab.reset().unwrap_or_else(|e| panic!("{e}"));
        lab.transform(input(len), 1024, reader).unwrap_or_else(|e| panic!("{e}"));
        allocations.push(lab.stats().unwrap_or_else(|e| panic!("{e}")).allocations);
    }
    // 240 more chunks, each written in 11 partial writes.
    let extra = allocations[1].saturating_sub(allocations[0]);
    assert!(
        extra < 120,
        "the guest allocated {extra} more times for 240 more chunks written in parts: resume with write_buf"
    );
}

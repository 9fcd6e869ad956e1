//! Exercise 1: the guest's write loop sends every byte, resumes partial
//! writes from the same buffer, allocates nothing per chunk, stops when the
//! reader drops its end, and hands back the buffer it was given, emptied.

mod support;

use lab6::host::{Lab, Reader};
use support::{assert_bytes, expected, fail, input, lab};

/// Every `write_chunk` handed back the buffer it was given, with length 0,
/// and the last one held `capacity` bytes.
fn assert_buffers_back(lab: &mut Lab, capacity: u64, what: &str) {
    let stats = lab.stats().unwrap_or_else(|e| fail(e));
    assert_eq!(
        stats.replaced_buffers, 0,
        "{what}: {} of {} write_chunk calls handed back another allocation than the one they were given",
        stats.replaced_buffers, stats.chunks
    );
    assert_eq!(
        stats.returned_len, 0,
        "{what}: write_chunk must hand its buffer back emptied (the last one held {} bytes)",
        stats.returned_len
    );
    assert_eq!(stats.recovered_capacity, capacity, "{what}: the buffer handed back must keep its capacity");
}

#[test]
fn every_size_arrives_intact() {
    let mut lab = lab();
    for len in [0, 1, 63, 64, 4096, 100_000, 3 << 20] {
        let data = input(len);
        lab.reset().unwrap_or_else(|e| fail(e));
        let got = lab.transform(data.clone(), 4096, Reader::GIVEN_ALL).unwrap_or_else(|e| fail(e));
        let what = format!("{len} bytes in chunks of 4096");
        assert_bytes(&got, &expected(&data), &what);
        assert_buffers_back(&mut lab, 4096, &what);
    }
}

#[test]
fn a_reader_that_drops_early_ends_the_loop() {
    // The given reader drops its end after `limit` bytes: the write that
    // reaches it ends with `Dropped` (or completes, and the next one sees
    // `Dropped`). The loop must stop there, report exactly what the reader
    // took, and hand back its buffer emptied.
    let mut lab = lab();
    let data = input(100_000);
    for (max_per_read, limit) in
        [(usize::MAX, 1), (usize::MAX, 4096), (usize::MAX, 4097), (1000, 5000), (7, 10_000)]
    {
        lab.reset().unwrap_or_else(|e| fail(e));
        let reader = Reader::Given { max_per_read, limit };
        let per_read = if max_per_read == usize::MAX {
            "all it is offered".to_string()
        } else {
            format!("{max_per_read} bytes")
        };
        let what = format!("a reader taking {per_read} per read and dropping after {limit} bytes");
        let got = lab.transform(data.clone(), 4096, reader).unwrap_or_else(|e| fail(format!("{what}: {e}")));
        assert_bytes(&got, &expected(&data)[..limit], &what);
        let stats = lab.stats().unwrap_or_else(|e| fail(e));
        assert_eq!(
            stats.bytes_taken, limit as u64,
            "{what}: write_chunk must report the bytes the reader took, {limit}, and no more"
        );
        assert_buffers_back(&mut lab, 4096, &what);
    }
}

#[test]
fn partial_writes_lose_nothing() {
    let mut lab = lab();
    let data = input(50_000);
    for (chunk, max_per_read) in [(4096, 7), (1000, 999), (64, 1)] {
        let reader = Reader::Given { max_per_read, limit: usize::MAX };
        lab.reset().unwrap_or_else(|e| fail(e));
        let got = lab.transform(data.clone(), chunk, reader).unwrap_or_else(|e| fail(e));
        let what = format!("chunks of {chunk}, the host taking {max_per_read} per read");
        assert_bytes(&got, &expected(&data), &what);
        assert_buffers_back(&mut lab, u64::from(chunk.max(8)), &what);
    }
}

#[test]
fn no_allocation_per_chunk() {
    let mut lab = lab();
    let chunk = 1024;
    // Warm up, then count a short and a long run: the difference is what the
    // extra chunks cost.
    lab.transform(input(64 * 1024), chunk, Reader::GIVEN_ALL).unwrap_or_else(|e| fail(e));
    let mut allocations = Vec::new();
    for len in [64 * 1024, 1024 * 1024] {
        lab.reset().unwrap_or_else(|e| fail(e));
        lab.transform(input(len), chunk, Reader::GIVEN_ALL).unwrap_or_else(|e| fail(e));
        allocations.push(lab.stats().unwrap_or_else(|e| fail(e)).allocations);
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
    lab.transform(input(16 * 1024), 1024, reader).unwrap_or_else(|e| fail(e));
    let mut allocations = Vec::new();
    for len in [16 * 1024, 256 * 1024] {
        lab.reset().unwrap_or_else(|e| fail(e));
        lab.transform(input(len), 1024, reader).unwrap_or_else(|e| fail(e));
        allocations.push(lab.stats().unwrap_or_else(|e| fail(e)).allocations);
    }
    // 240 more chunks, each written in 11 partial writes.
    let extra = allocations[1].saturating_sub(allocations[0]);
    assert!(
        extra < 120,
        "the guest allocated {extra} more times for 240 more chunks written in parts: resume with write_buf"
    );
}

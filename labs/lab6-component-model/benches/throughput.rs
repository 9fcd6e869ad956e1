//! Throughput of a guest-to-host `stream<u8>` for chunk sizes 64 B – 64 KiB:
//! one reused buffer vs a new `Vec` per chunk vs a copy into a fresh buffer,
//! side by side in one run, as ratios to the reused buffer.
//! Run: `cargo bench -p lab6 --features solution`.

use std::time::{Duration, Instant};

use lab6::host::Lab;

/// Bytes per measurement.
const TOTAL: u32 = 8 << 20;
const MODES: [&str; 3] = ["reused buffer", "new Vec per chunk", "copy into fresh buffer"];

fn main() {
    let mut lab = Lab::new().unwrap_or_else(|e| panic!("{e}"));
    println!("{TOTAL} bytes per run, best of 5; MB/s and time relative to the reused buffer");
    println!("| chunk | {} | {} | {} |", MODES[0], MODES[1], MODES[2]);
    println!("| ---: | ---: | ---: | ---: |");
    for chunk in [64, 256, 1024, 4096, 16384, 65536] {
        let best: Vec<Duration> = (0..3u8).map(|mode| best_of(&mut lab, chunk, mode)).collect();
        let mbs = |d: Duration| f64::from(TOTAL) / d.as_secs_f64() / 1e6;
        let ratio = |d: Duration| d.as_secs_f64() / best[0].as_secs_f64();
        println!(
            "| {chunk} B | {:.0} MB/s | {:.0} MB/s ({:.2}×) | {:.0} MB/s ({:.2}×) |",
            mbs(best[0]),
            mbs(best[1]),
            ratio(best[1]),
            mbs(best[2]),
            ratio(best[2])
        );
    }
}

fn best_of(lab: &mut Lab, chunk: u32, mode: u8) -> Duration {
    (0..5)
        .map(|_| {
            let start = Instant::now();
            let n = lab.produce(TOTAL, chunk, mode).unwrap_or_else(|e| panic!("{e}"));
            let took = start.elapsed();
            assert_eq!(n, TOTAL as usize, "mode {mode}, chunk {chunk}: bytes lost");
            took
        })
        .min()
        .unwrap_or_default()
}

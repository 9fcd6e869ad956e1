//! Throughput of a guest-to-host `stream<u8>` for chunk sizes 64 B – 64 KiB:
//! one reused buffer vs a new `Vec` per chunk vs a copy into a fresh buffer,
//! side by side in one run, as ratios to the reused buffer.
//! Run: `cargo bench -p lab6 --features solution`.

use std::time::{Duration, Instant};

use lab6::host::Lab;

/// Bytes per measurement.
const TOTAL: u32 = 8 << 20;
/// Runs of each mode per chunk size; the fastest counts.
const ROUNDS: usize = 9;
const MODES: [&str; 3] = ["reused buffer", "new Vec per chunk", "copy into fresh buffer"];

fn main() {
    let mut lab = Lab::new().unwrap_or_else(|e| panic!("{e}"));
    println!(
        "{TOTAL} bytes per run, best of {ROUNDS}, the modes taking turns; MB/s and time relative to the reused buffer"
    );
    println!("| chunk | {} | {} | {} |", MODES[0], MODES[1], MODES[2]);
    println!("| ---: | ---: | ---: | ---: |");
    for chunk in [64, 256, 1024, 4096, 16384, 65536] {
        // The modes take turns, so a busy moment on the machine hits all three.
        let mut best = [Duration::MAX; 3];
        for _ in 0..ROUNDS {
            for (mode, best) in (0..3u8).zip(&mut best) {
                *best = (*best).min(once(&mut lab, chunk, mode));
            }
        }
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

fn once(lab: &mut Lab, chunk: u32, mode: u8) -> Duration {
    let start = Instant::now();
    let n = lab.produce(TOTAL, chunk, mode).unwrap_or_else(|e| panic!("{e}"));
    let took = start.elapsed();
    assert_eq!(n, TOTAL as usize, "mode {mode}, chunk {chunk}: bytes lost");
    took
}

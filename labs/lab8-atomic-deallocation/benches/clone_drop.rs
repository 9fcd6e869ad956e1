//! Clone+drop throughput of `MyArc` and `std::sync::Arc`, side by side in one
//! run: on one thread, and with two threads cloning and dropping handles to
//! the same value. `cargo bench -p lab8 --features solution`.

use std::hint::black_box;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use lab8::MyArc;

/// Clones and drops per measured iteration on each thread.
const BATCH: u64 = 1_000;

/// Runs `work(iters)` on `threads` threads at once and returns the slowest
/// thread's time.
fn contended<H: Clone + Send + Sync + 'static>(handle: &H, threads: usize, iters: u64) -> Duration {
    let start = Arc::new(Barrier::new(threads));
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let (handle, start) = (handle.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                let t = Instant::now();
                for _ in 0..iters * BATCH {
                    drop(black_box(handle.clone()));
                }
                t.elapsed()
            })
        })
        .collect();
    workers.into_iter().map(|w| w.join().unwrap()).max().unwrap()
}

fn clone_drop(c: &mut Criterion) {
    for threads in [1, 2] {
        let mut group = c.benchmark_group(format!("clone_drop/{threads}-thread"));
        group.throughput(criterion::Throughput::Elements(BATCH * threads as u64));
        let std_arc = Arc::new(7_u64);
        group.bench_function("std::sync::Arc", |b| b.iter_custom(|n| contended(&std_arc, threads, n)));
        let my_arc = MyArc::new(7_u64);
        group.bench_function("MyArc", |b| b.iter_custom(|n| contended(&my_arc, threads, n)));
        group.finish();
    }
}

criterion_group!(benches, clone_drop);
criterion_main!(benches);

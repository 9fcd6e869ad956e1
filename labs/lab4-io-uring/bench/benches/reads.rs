//! Reads from a file in the page cache at queue depths 1 and 32, in 4 KiB
//! and 64 KiB blocks: the raw `io-uring` crate with borrowed buffers (the
//! unsafe baseline), lab 4's owned driver with its pool, the same driver
//! with a fresh `Vec` per read, tokio-uring 0.5's `read_at`, and the same
//! pair with registered (fixed) buffers: the raw crate's `ReadFixed` (the
//! second unsafe baseline) and lab 4's fixed pool (exercise 4). Prints a
//! table of throughputs, each with its ratio to its own baseline: the raw
//! borrowed read, or for a fixed-buffer variant the raw fixed read.
//!
//! `cargo bench -p lab4-bench`

use std::fs::File;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use io_uring::{IoUring, opcode, squeue, types};
use lab4::{FixedPool, Pool, block_on, read_at, read_fixed_at};
use lab4_bench::join_reads;

/// The file's size: small enough for the page cache, large enough to
/// cycle through.
const FILE: usize = 32 << 20;
/// Bytes read per measured run.
const PER_RUN: usize = 256 << 20;
/// Runs per variant; the median is reported.
const RUNS: usize = 5;

/// The variants the chart shows, against their baselines.
const CHARTED: [&str; 3] = ["lab 4 owned + pool", "lab 4 owned fixed pool", "tokio-uring 0.5 read_at"];

/// With `--write` (`cargo bench -p lab4-bench --bench reads -- --write`), the table and
/// the chart also go to `results.md` and `chart.md`, which the io_uring
/// page includes: the page's figures are this run's, never retyped.
fn main() {
    let write = std::env::args().any(|arg| arg == "--write");
    let path = test_file();
    let file = File::open(&path).expect("open the benchmark file");
    let mut table = String::from(
        "| block | depth | variant | GiB/s | vs its baseline |\n| --- | --- | --- | --- | --- |\n",
    );
    // For the chart: (configuration, ratio of each charted variant).
    let mut chart: Vec<(String, Vec<f64>)> = Vec::new();
    print!("{table}");
    for block in [4 << 10, 64 << 10] {
        for depth in [1, 32] {
            let ops = PER_RUN / block;
            // (name, run, index of its baseline)
            let variants: [(&str, &dyn Fn() -> Duration, usize); 6] = [
                ("raw io-uring, borrowed (unsafe)", &|| raw(&file, block, depth, ops), 0),
                ("lab 4 owned + pool", &|| owned_pool(&file, block, depth, ops), 0),
                ("lab 4 owned, fresh Vec", &|| owned_fresh(&file, block, depth, ops), 0),
                ("tokio-uring 0.5 read_at", &|| tokio_uring_reads(&path, block, depth, ops), 0),
                ("raw io-uring, fixed buffers (unsafe)", &|| raw_fixed(&file, block, depth, ops), 4),
                ("lab 4 owned fixed pool", &|| owned_fixed(&file, block, depth, ops), 4),
            ];
            // Interleave the variants run by run, so drift hits all alike.
            let mut times: Vec<Vec<Duration>> = vec![Vec::new(); variants.len()];
            for _ in 0..RUNS {
                for (i, (_, run, _)) in variants.iter().enumerate() {
                    times[i].push(run());
                }
            }
            let rates: Vec<f64> = times.iter_mut().map(|t| gib_per_s(median(t))).collect();
            let kib = block >> 10;
            let mut charted = vec![0.0; CHARTED.len()];
            for ((name, _, baseline), rate) in variants.iter().zip(&rates) {
                let ratio = rate / rates[*baseline];
                let row = format!("| {kib} KiB | {depth} | {name} | {rate:.2} | {ratio:.2}× |\n");
                print!("{row}");
                table.push_str(&row);
                if let Some(i) = CHARTED.iter().position(|c| c == name) {
                    charted[i] = ratio;
                }
            }
            chart.push((format!("{kib}K d{depth}"), charted));
        }
    }
    if write {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let results = format!(
            "<!-- Written by `cargo bench -p lab4-bench --bench reads -- --write`. -->\n\nMeasured on: {}; each figure the median of {RUNS} interleaved runs of {} MiB.\n\n{table}",
            machine(),
            PER_RUN >> 20
        );
        std::fs::write(dir.join("results.md"), results).expect("write results.md");
        std::fs::write(dir.join("chart.md"), mermaid(&chart)).expect("write chart.md");
        println!("wrote {} and chart.md", dir.join("results.md").display());
    }
}

/// The chart of the charted variants' ratios, one bar series each.
fn mermaid(chart: &[(String, Vec<f64>)]) -> String {
    let labels: Vec<String> = chart.iter().map(|(label, _)| format!("\"{label}\"")).collect();
    let mut out = String::from("```mermaid\nxychart-beta\n");
    out.push_str("    title \"Throughput relative to each variant's raw baseline (1.0)\"\n");
    out.push_str(&format!("    x-axis [{}]\n    y-axis \"ratio\" 0 --> 1.2\n", labels.join(", ")));
    for series in 0..CHARTED.len() {
        let bars: Vec<String> = chart.iter().map(|(_, ratios)| format!("{:.2}", ratios[series])).collect();
        out.push_str(&format!("    bar [{}]\n", bars.join(", ")));
    }
    out.push_str("```\n\n(Bars of each group, in order: ");
    out.push_str(&CHARTED.join("; "));
    out.push_str(". The pool and tokio-uring against the raw borrowed read, the fixed pool against the raw fixed read.)\n");
    out
}

/// The processor, its count, the kernel and the compiler, for the table's header.
fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name").and_then(|r| r.split_once(':')).map(|(_, m)| m.trim().to_string())
        })
        .unwrap_or_else(|| "an unknown processor".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let rustc = std::process::Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    format!("{model}, {cores} cores, Linux {}, {rustc}, release build", kernel.trim())
}

/// The file, written once and read once so it is in the page cache.
fn test_file() -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("lab4-bench.dat");
    if std::fs::metadata(&path).map(|m| m.len() as usize).ok() != Some(FILE) {
        let bytes: Vec<u8> = (0..FILE).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, bytes).expect("write the benchmark file");
    }
    let _ = std::fs::read(&path).expect("read the benchmark file");
    path
}

fn offset(i: usize, block: usize) -> u64 {
    ((i * block) % FILE) as u64
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn gib_per_s(time: Duration) -> f64 {
    PER_RUN as f64 / time.as_secs_f64() / (1u64 << 30) as f64
}

/// The baseline: `depth` buffers allocated once, borrowed by every read.
fn raw(file: &File, block: usize, depth: usize, ops: usize) -> Duration {
    let fd = types::Fd(file.as_raw_fd());
    raw_reads(block, depth, ops, false, |buf, _, at| {
        opcode::Read::new(fd, buf, block as u32).offset(at).build()
    })
}

/// The second baseline: `depth` buffers registered with the ring once, and
/// every read a `ReadFixed` into one of them.
fn raw_fixed(file: &File, block: usize, depth: usize, ops: usize) -> Duration {
    let fd = types::Fd(file.as_raw_fd());
    raw_reads(block, depth, ops, true, |buf, index, at| {
        opcode::ReadFixed::new(fd, buf, block as u32, index).offset(at).build()
    })
}

/// The raw crate's loop: `depth` buffers of `block` bytes (registered with
/// the ring if `register`), each batch `depth` reads made by `read(buffer,
/// its index, file offset)`, submitted and waited for together.
fn raw_reads(
    block: usize,
    depth: usize,
    ops: usize,
    register: bool,
    read: impl Fn(*mut u8, u16, u64) -> squeue::Entry,
) -> Duration {
    // The buffers first: locals drop in reverse order, so the ring (and with
    // it any registration) goes before the memory it names.
    let mut buffers = vec![vec![0u8; block]; depth];
    let mut ring = IoUring::new(64).expect("io_uring");
    if register {
        let iovecs: Vec<libc::iovec> = buffers
            .iter_mut()
            .map(|b| libc::iovec { iov_base: b.as_mut_ptr().cast(), iov_len: block })
            .collect();
        // SAFETY: the buffers stay allocated, and are neither grown nor
        // moved, until the ring is closed at the end of this function.
        unsafe { ring.submitter().register_buffers(&iovecs) }.expect("register_buffers (see `ulimit -l`)");
    }
    let start = Instant::now();
    for batch in 0..ops / depth {
        for (j, buf) in buffers.iter_mut().enumerate() {
            let index = u16::try_from(j).expect("at most 2^16 buffers");
            let entry = read(buf.as_mut_ptr(), index, offset(batch * depth + j, block));
            // SAFETY: every buffer outlives this batch, which waits for all
            // of its completions before the buffers are used again; a fixed
            // read lies inside the registered buffer `index` names.
            unsafe { ring.submission().push(&entry).expect("queue full") };
        }
        ring.submit_and_wait(depth).expect("io_uring_enter");
        let done = ring.completion().map(|c| assert_eq!(c.result(), block as i32)).count();
        assert_eq!(done, depth);
    }
    start.elapsed()
}

fn owned_fixed(file: &File, block: usize, depth: usize, ops: usize) -> Duration {
    let pool = FixedPool::new(depth, block).expect("register the fixed pool (see `ulimit -l`)");
    let start = Instant::now();
    for batch in 0..ops / depth {
        let total = if depth == 1 {
            let buf = pool.get().expect("an idle fixed buffer");
            let (read, _buf) = block_on(read_fixed_at(file, buf, offset(batch, block)));
            read.expect("read")
        } else {
            let reads = (0..depth)
                .map(|j| {
                    let buf = pool.get().expect("an idle fixed buffer");
                    read_fixed_at(file, buf, offset(batch * depth + j, block))
                })
                .collect();
            block_on(join_reads(reads))
        };
        assert_eq!(total, block * depth);
    }
    start.elapsed()
}

fn owned_pool(file: &File, block: usize, depth: usize, ops: usize) -> Duration {
    let pool = Pool::new(block);
    owned(file, block, depth, ops, || pool.get())
}

fn owned_fresh(file: &File, block: usize, depth: usize, ops: usize) -> Duration {
    owned(file, block, depth, ops, || Vec::with_capacity(block))
}

/// Lab 4's driver, with buffers from `get`.
fn owned<B: lab4::IoBufMut>(
    file: &File,
    block: usize,
    depth: usize,
    ops: usize,
    get: impl Fn() -> B,
) -> Duration {
    let start = Instant::now();
    for batch in 0..ops / depth {
        let total = if depth == 1 {
            let (read, _buf) = block_on(read_at(file, get(), offset(batch, block)));
            read.expect("read")
        } else {
            let reads = (0..depth).map(|j| read_at(file, get(), offset(batch * depth + j, block))).collect();
            block_on(join_reads(reads))
        };
        assert_eq!(total, block * depth);
    }
    start.elapsed()
}

/// tokio-uring's `File::read_at`, with a fresh `Vec` per read as its
/// examples do (it has no pool of its own for plain reads).
fn tokio_uring_reads(path: &Path, block: usize, depth: usize, ops: usize) -> Duration {
    tokio_uring::start(async {
        let file = tokio_uring::fs::File::open(path).await.expect("open");
        let start = Instant::now();
        for batch in 0..ops / depth {
            let total = if depth == 1 {
                let (read, _buf) = file.read_at(Vec::with_capacity(block), offset(batch, block)).await;
                read.expect("read")
            } else {
                let reads = (0..depth)
                    .map(|j| file.read_at(Vec::with_capacity(block), offset(batch * depth + j, block)))
                    .collect();
                join_reads(reads).await
            };
            assert_eq!(total, block * depth);
        }
        let took = start.elapsed();
        file.close().await.expect("close");
        took
    })
}

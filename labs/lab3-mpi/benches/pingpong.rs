//! Ping-pong latency and bandwidth of borrowed buffers in `request::scope`,
//! owned buffers reused round after round, and owned buffers allocated and
//! copied every round, measured side by side in one `mpirun -n 2`.
//!
//! Run it with `cargo bench -p lab3 --features solution`. It prints a
//! Markdown table of ratios to the borrowed baseline and writes
//! `target/lab3-pingpong.md` (the table and a mermaid chart for the book).
//! Before the table it prints each rank's `LAB3 … host=… netns=…` line,
//! where the two ranks ran.

use std::collections::BTreeMap;
use std::fmt::Write;

use lab3::{Profile, mpirun, rank_program};

const VARIANTS: [&str; 3] = ["borrowed", "owned-reuse", "owned-copy"];

fn main() {
    if !cfg!(feature = "solution") {
        eprintln!(
            "the benchmark measures the reference answers: run `cargo bench -p lab3 --features solution`"
        );
        std::process::exit(2);
    }
    let program = rank_program("pingpong", Profile::Release);
    let run = mpirun(2, &program, &[]);
    if !run.status.success() {
        panic!("{}", run.explain());
    }
    // Where each rank ran (its host and network namespace), as the ranks
    // reported it: on two nodes, two hosts (or two namespaces).
    let mut places: Vec<&str> =
        run.stdout.lines().filter(|line| line.starts_with("LAB3 ") && line.contains(" netns=")).collect();
    places.sort();
    println!("where the ranks ran:\n{}\n", places.join("\n"));
    // round_trip_ns by (bytes, variant)
    let mut times: BTreeMap<usize, BTreeMap<String, f64>> = BTreeMap::new();
    for fields in timed_run::report_lines(&run.stdout, "LAB3") {
        let (Some(bytes), Some(variant), Some(ns)) =
            (fields.get("bytes"), fields.get("variant"), fields.get("round_trip_ns"))
        else {
            continue;
        };
        let (bytes, ns): (usize, f64) = (bytes.parse().expect("bytes"), ns.parse().expect("round_trip_ns"));
        times.entry(bytes).or_default().insert(variant.to_string(), ns);
    }

    let mut table = String::from(
        "| message | borrowed: latency | borrowed: bandwidth | owned-reuse / borrowed | owned-copy / borrowed | copy's extra cost |\n\
         | ---: | ---: | ---: | ---: | ---: | ---: |\n",
    );
    let mut sizes = Vec::new();
    let mut ratios: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    for (bytes, by_variant) in &times {
        let [borrowed, reuse, copy] = VARIANTS.map(|v| by_variant[v]);
        // One-way latency is half a round trip; bandwidth moves `bytes` one way in that time.
        let latency_us = borrowed / 2.0 / 1e3;
        let bandwidth = *bytes as f64 / (borrowed / 2.0) * 1e9 / (1 << 20) as f64;
        let _ = writeln!(
            table,
            "| {} | {latency_us:.2} µs | {bandwidth:.0} MiB/s | {:.3} | {:.3} | {:+.2} µs per round trip |",
            human(*bytes),
            reuse / borrowed,
            copy / borrowed,
            (copy - borrowed) / 1e3
        );
        sizes.push(human(*bytes));
        ratios[0].push(reuse / borrowed);
        ratios[1].push(copy / borrowed);
    }
    let list = |v: &[f64]| v.iter().map(|r| format!("{r:.2}")).collect::<Vec<_>>().join(", ");
    let max = ratios.iter().flatten().fold(1.0f64, |m, &r| m.max(r)).ceil();
    let chart = format!(
        "```mermaid\nxychart-beta\n    title \"Round-trip time relative to borrowed buffers (1.0 = borrowed)\"\n    x-axis [{}]\n    y-axis \"ratio to borrowed\" 0 --> {max}\n    line [{}]\n    line [{}]\n```\n",
        sizes.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(", "),
        list(&ratios[0]),
        list(&ratios[1]),
    );
    println!("{table}\n{chart}");
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/lab3-pingpong.md");
    match std::fs::write(&out, format!("{table}\n{chart}")) {
        Ok(()) => println!("written to {}", out.display()),
        Err(e) => eprintln!("could not write {}: {e}", out.display()),
    }
}

fn human(bytes: usize) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 => format!("{} KiB", b >> 10),
        b => format!("{b} B"),
    }
}

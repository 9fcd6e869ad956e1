//! What the drop flag and the trap cost: a value built on the stack and
//! dropped, against the same value put in a `slot!` (this lab's, with its
//! counter flag and trap) and dropped through its `MoveRef`, and against
//! `moveit` 0.6.0's `slot!`. The variants take turns within each trial, so
//! they are measured side by side in one run.
//!
//! Run it with `cargo bench -p lab7 --features solution`. It prints one
//! Markdown table: nanoseconds per value and the ratio to the plain value.

// On the stubs `slot!` is a `todo!()`, so the code after it is unreachable
// until exercise 1 is done.
#![cfg_attr(
    not(feature = "solution"),
    allow(unreachable_code, unused_variables, clippy::diverging_sub_expression)
)]

use std::hint::black_box;
use std::time::Instant;

/// Values per timed trial.
const VALUES: u32 = 5_000_000;
/// Timed trials per variant (the best one counts), after one warm-up.
const TRIALS: usize = 9;

/// A value with a destructor the optimiser cannot remove.
struct Payload([u64; 4]);

impl Drop for Payload {
    fn drop(&mut self) {
        black_box(&self.0);
    }
}

fn payload(i: u32) -> Payload {
    Payload([u64::from(i); 4])
}

#[inline(never)]
fn plain(i: u32) {
    let value = payload(black_box(i));
    black_box(&value);
}

#[inline(never)]
fn lab7_slot(i: u32) {
    lab7::slot!(s);
    let moved = s.put(payload(black_box(i)));
    black_box(&*moved);
}

#[inline(never)]
fn lab7_pinned(i: u32) {
    lab7::slot!(s);
    let pinned = s.pin(payload(black_box(i)));
    black_box(&*pinned);
}

#[inline(never)]
fn moveit_slot(i: u32) {
    moveit::slot!(s);
    let moved = s.put(payload(black_box(i)));
    black_box(&*moved);
}

/// A name for the table and the function that builds and drops one value.
type Variant = (&'static str, fn(u32));

const VARIANTS: [Variant; 4] = [
    ("plain stack value", plain),
    ("lab7 slot! + MoveRef", lab7_slot),
    ("lab7 slot! + Pin<MoveRef>", lab7_pinned),
    ("moveit 0.6.0 slot! + MoveRef", moveit_slot),
];

fn trial(f: fn(u32)) -> f64 {
    let start = Instant::now();
    for i in 0..VALUES {
        f(i);
    }
    start.elapsed().as_nanos() as f64 / f64::from(VALUES)
}

fn main() {
    if !cfg!(feature = "solution") {
        eprintln!(
            "the benchmark measures the reference answers: run `cargo bench -p lab7 --features solution`"
        );
        std::process::exit(2);
    }
    let mut best = [f64::INFINITY; VARIANTS.len()];
    for round in 0..=TRIALS {
        for (k, (_, f)) in VARIANTS.iter().enumerate() {
            let ns = trial(*f);
            if round > 0 {
                best[k] = best[k].min(ns);
            }
        }
    }
    println!("| variant | ns per value (best of {TRIALS}) | ratio to plain |");
    println!("| --- | ---: | ---: |");
    for (k, (name, _)) in VARIANTS.iter().enumerate() {
        println!("| {name} | {:.2} | {:.2} |", best[k], best[k] / best[0]);
    }
}

//! Runs one test target of a lab and reads what the standard test harness
//! printed: each test's outcome and, for failures, the panic message.

use std::path::Path;
use std::time::Duration;

use crate::cmd::Cmd;
use crate::labs::{Exercise, Lab};

/// How one test ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// `test name ... ok`
    Passed,
    /// `test name ... FAILED`
    Failed,
    /// `test name ... ignored`
    Ignored,
}

/// One test and how it ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestResult {
    /// The test's path inside its target, as libtest prints it.
    pub name: String,
    /// How it ended.
    pub outcome: Outcome,
    /// For a failure, the first line of its panic message.
    pub message: Option<String>,
}

/// What running one test target produced.
#[derive(Debug)]
pub struct TargetRun {
    /// One entry per test that reported an outcome.
    pub results: Vec<TestResult>,
    /// Set when the target did not build, crashed or timed out before the
    /// harness printed its summary; holds the reason.
    pub broken: Option<String>,
}

impl TargetRun {
    /// How many tests passed.
    pub fn passed(&self) -> usize {
        self.results.iter().filter(|r| r.outcome == Outcome::Passed).count()
    }
}

/// Which files a lab is built with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Files {
    /// The student's files in `labs/labN-*/src`.
    Student,
    /// The reference answers in `solutions/labN` (the `solution` feature).
    Solution,
}

/// Builds every stable test target of `lab` once, so the runs that follow do
/// not each pay for compilation. Returns the compiler's error text on failure.
pub fn build(root: &Path, lab: &Lab, files: Files) -> Result<(), String> {
    let out = cargo_test(root, lab, files, None).args(["--tests", "--no-run"]).capture()?;
    if out.success() { Ok(()) } else { Err(tail(&out.stderr, 40)) }
}

/// Whether `cargo +nightly` works here (checked once).
pub fn nightly_available() -> bool {
    static AVAILABLE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *AVAILABLE.get_or_init(|| Cmd::new("cargo").args(["+nightly", "--version"]).first_line().is_some())
}

/// Whether `cargo +nightly miri` works here (checked once).
pub fn miri_available() -> bool {
    static AVAILABLE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *AVAILABLE.get_or_init(|| crate::prereqs::probe_miri().is_ok())
}

/// Runs the test target of `exercise` in `lab` with the given files; a
/// nightly exercise runs with `cargo +nightly` and the lab's nightly feature.
pub fn run(root: &Path, lab: &Lab, files: Files, exercise: &Exercise) -> Result<TargetRun, String> {
    const LIMIT: Duration = Duration::from_secs(15 * 60);
    let nightly = exercise.nightly.then(|| lab.meta.nightly_feature.as_deref().unwrap_or("nightly"));
    let out = cargo_test(root, lab, files, nightly)
        .args(["--test", &exercise.test, "--no-fail-fast"])
        .limit(LIMIT)
        .capture()?;
    Ok(one_run(&out, LIMIT))
}

/// Runs only the test named `test` (exactly) of `exercise`'s target, with
/// the given time limit; a timeout is reported as a broken run.
pub fn run_one(
    root: &Path,
    lab: &Lab,
    files: Files,
    exercise: &Exercise,
    test: &str,
    limit: Duration,
) -> Result<TargetRun, String> {
    run_some(root, lab, files, exercise, &[test], limit)
}

/// Runs only the tests named in `tests` (each exactly) of `exercise`'s
/// target, in one test binary, one after another (as alone as a test runs
/// by itself: a wrong answer's effect on one test cannot reach another
/// running beside it), under one time limit.
pub fn run_some(
    root: &Path,
    lab: &Lab,
    files: Files,
    exercise: &Exercise,
    tests: &[&str],
    limit: Duration,
) -> Result<TargetRun, String> {
    let nightly = exercise.nightly.then(|| lab.meta.nightly_feature.as_deref().unwrap_or("nightly"));
    let out = cargo_test(root, lab, files, nightly)
        .args(["--test", &exercise.test, "--"])
        .args(tests.iter().copied().chain(["--exact", "--test-threads=1"]))
        .limit(limit)
        .capture()?;
    Ok(one_run(&out, limit))
}

/// Runs only the test named `test` (exactly) of `exercise`'s target under
/// Miri, with the student's files and the lab's `MIRIFLAGS`. Miri stops the
/// test binary at the first undefined behaviour, so such a run is broken
/// (no summary) and its reason holds Miri's report.
pub fn run_one_under_miri(
    root: &Path,
    lab: &Lab,
    exercise: &Exercise,
    test: &str,
    limit: Duration,
) -> Result<TargetRun, String> {
    let mut cmd = Cmd::new("cargo")
        .args(["+nightly", "miri", "test", "-p", &lab.name, "--test", &exercise.test, "--", test, "--exact"])
        .dir(root)
        .limit(limit);
    if let Some(flags) = &lab.meta.miri_flags {
        cmd = cmd.env("MIRIFLAGS", flags);
    }
    Ok(one_run(&cmd.capture()?, limit))
}

/// Runs only the test named `test` (exactly) of `exercise`'s target as a
/// loom model: built with `RUSTFLAGS="--cfg loom"`, in release, in a target
/// folder of its own (`target/loom`, so the normal build is not redone).
pub fn run_one_under_loom(
    root: &Path,
    lab: &Lab,
    exercise: &Exercise,
    test: &str,
    limit: Duration,
) -> Result<TargetRun, String> {
    let out = Cmd::cargo()
        .args(["test", "-p", &lab.name, "--release", "--test", &exercise.test])
        .args(["--target-dir", "target/loom", "--", test, "--exact"])
        .env("RUSTFLAGS", LOOM_RUSTFLAGS)
        .dir(root)
        .limit(limit)
        .capture()?;
    Ok(one_run(&out, limit))
}

/// A test binary's run: its results, or why there are none (a time-out, a
/// build failure, a crash or Miri stopping it before libtest's summary).
fn one_run(out: &crate::cmd::Output, limit: Duration) -> TargetRun {
    let broken = if out.timed_out {
        Some(format!("timed out after {} s", limit.as_secs()))
    } else if !out.stdout.lines().any(|l| l.starts_with("test result:")) {
        // Miri stops a test binary at the first undefined behaviour.
        let stopped = out.stderr.lines().find(|l| l.contains("Undefined Behavior"));
        let stopped = stopped.map(|l| format!("Miri stopped it: {}\n", l.trim())).unwrap_or_default();
        Some(format!("no test summary (build failure or crash):\n{stopped}{}", tail(&out.stderr, 30)))
    } else {
        None
    };
    TargetRun { results: parse(&out.stdout), broken }
}

/// The flags of a loom build, as the lab sheet gives them to a student (the
/// same flags share one build in `target/loom`).
pub const LOOM_RUSTFLAGS: &str = "--cfg loom";

/// `cargo test -p <lab>` with the features the files and toolchain need.
/// `nightly` names the feature of a nightly-only exercise.
fn cargo_test(root: &Path, lab: &Lab, files: Files, nightly: Option<&str>) -> Cmd {
    let mut features: Vec<&str> = Vec::new();
    if files == Files::Solution {
        features.push("solution");
    }
    let cmd = match nightly {
        // The rustup proxy, not $CARGO: only the proxy understands `+nightly`.
        Some(feature) => {
            features.push(feature);
            Cmd::new("cargo").args(["+nightly"])
        }
        None => Cmd::cargo(),
    };
    // Not `--quiet`: that switches libtest to its terse format, which names no tests.
    let cmd = cmd.args(["test", "-p", &lab.name]).dir(root);
    if features.is_empty() { cmd } else { cmd.args(["--features", &features.join(",")]) }
}

/// Reads libtest's human output.
pub fn parse(stdout: &str) -> Vec<TestResult> {
    let mut results = Vec::new();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("test ") else { continue };
        let Some((name, verdict)) = rest.rsplit_once(" ... ") else { continue };
        let outcome = match verdict.trim() {
            "ok" => Outcome::Passed,
            "FAILED" => Outcome::Failed,
            v if v.starts_with("ignored") => Outcome::Ignored,
            _ => continue,
        };
        let name = name.trim_end_matches(" - should panic").to_string();
        results.push(TestResult { name, outcome, message: None });
    }
    for result in results.iter_mut().filter(|r| r.outcome == Outcome::Failed) {
        result.message = failure_message(stdout, &result.name);
    }
    results
}

/// The first line of the panic message in the `---- name stdout ----` section.
fn failure_message(stdout: &str, name: &str) -> Option<String> {
    let header = format!("---- {name} stdout ----");
    let section = stdout.split(&header).nth(1)?;
    let mut lines = section.lines().skip_while(|l| !l.contains("panicked at"));
    let panicked = lines.next()?;
    // Since Rust 1.73 the message is on the line after `panicked at file:line:col:`.
    if panicked.trim_end().ends_with(':') {
        lines.next().map(|l| l.trim().to_string())
    } else {
        Some(panicked.trim().to_string())
    }
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\nrunning 3 tests\ntest forget_never_drops ... FAILED\ntest box_leak_never_drops ... ok\ntest slow ... ignored, needs MPI\n\nfailures:\n\n---- forget_never_drops stdout ----\n\nthread 'forget_never_drops' panicked at labs/lab1/src/leaks.rs:9:5:\nnot yet implemented: lab1 exercise 1: see the book, ch. 1\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\n\nfailures:\n    forget_never_drops\n\ntest result: FAILED. 1 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out\n";

    #[test]
    fn reads_outcomes_and_messages() {
        let results = parse(SAMPLE);
        assert_eq!(results.len(), 3);
        assert_eq!(results[0].outcome, Outcome::Failed);
        assert_eq!(
            results[0].message.as_deref(),
            Some("not yet implemented: lab1 exercise 1: see the book, ch. 1")
        );
        assert_eq!(
            results[1],
            TestResult { name: "box_leak_never_drops".into(), outcome: Outcome::Passed, message: None }
        );
        assert_eq!(results[2].outcome, Outcome::Ignored);
    }
}

//! Stage: lab 8's loom model checks. Builds the lab's `ex2_weak`,
//! `ex3_loom` and `ex4_make_mut` tests with
//! `RUSTFLAGS="--cfg loom"` in release, in a target folder of their own
//! (`target/loom`, so the normal build is never invalidated), against the
//! reference answer, and requires every model to pass.

use std::path::Path;
use std::time::Duration;

use crate::cmd::Cmd;
use crate::libtest;

/// Building loom and the lab in release, then exploring the models.
const LIMIT: Duration = Duration::from_secs(15 * 60);

/// Runs lab 8's loom tests; Ok says how many models passed.
pub fn run(root: &Path) -> Result<String, String> {
    let out = Cmd::new("cargo")
        .args(["test", "-p", "lab8", "--features", "solution", "--release"])
        .args([
            "--test",
            "ex2_weak",
            "--test",
            "ex3_loom",
            "--test",
            "ex4_make_mut",
            "--target-dir",
            "target/loom",
        ])
        .env("RUSTFLAGS", libtest::LOOM_RUSTFLAGS)
        .dir(root)
        .limit(LIMIT)
        .capture()?;
    if out.timed_out {
        return Err(format!("lab8's loom tests did not finish within {} s", LIMIT.as_secs()));
    }
    let results = libtest::parse(&out.stdout);
    let passed = results.iter().filter(|r| r.outcome == libtest::Outcome::Passed).count();
    if !out.success() || passed == 0 || passed != results.len() {
        return Err(format!("lab8's loom tests failed:\n{}\n{}", out.stdout, out.stderr));
    }
    Ok(format!("lab8: {passed} loom models explored without a failing interleaving"))
}

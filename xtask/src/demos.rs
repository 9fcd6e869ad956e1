//! Demonstrations: commands whose output is the book's evidence that a
//! hazard is real (Miri reporting undefined behaviour, a canary clobbered by
//! a late write). `cargo xtask test` re-runs each one and checks its output
//! still shows the hazard; `cargo xtask demos --write` records the output in
//! the transcript file the book includes.

use std::path::Path;
use std::time::Duration;

use crate::cmd::Cmd;
use crate::labs::{Demo, Lab};
use crate::libtest;

/// What happened to one demonstration.
pub enum DemoResult {
    /// Its output showed every expected line.
    Shown,
    /// It needs the nightly toolchain, which is missing.
    NoNightly,
}

/// Runs `demo` of `lab`, checks its output and the recorded transcript, and
/// rewrites the transcript when `write` is set.
pub fn run(root: &Path, lab: &Lab, demo: &Demo, write: bool) -> Result<DemoResult, String> {
    if demo.cargo.first().is_some_and(|a| a == "+nightly") && !libtest::nightly_available() {
        return Ok(DemoResult::NoNightly);
    }
    // The rustup proxy, so a `+nightly` first argument works.
    let mut cmd = Cmd::new("cargo").args(&demo.cargo).dir(root).limit(Duration::from_secs(10 * 60));
    if let Some(flags) = &demo.miri_flags {
        cmd = cmd.env("MIRIFLAGS", flags);
    }
    let out = cmd.capture()?;
    if out.timed_out {
        return Err(format!("{}/{}: timed out", lab.name, demo.name));
    }
    let transcript = normalize(&format!("{}{}", out.stdout, out.stderr), root);
    let missing: Vec<&String> = demo.expect.iter().filter(|e| !transcript.contains(e.as_str())).collect();
    if !missing.is_empty() {
        return Err(format!(
            "{}/{}: the output no longer shows {missing:?}:\n{transcript}",
            lab.name, demo.name
        ));
    }
    let path = lab.dir.join(&demo.transcript);
    if write {
        let header = format!("$ cargo {}\n", demo_command(demo));
        std::fs::write(&path, header + &transcript).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let recorded = std::fs::read_to_string(&path).map_err(|_| {
        format!("{}: no transcript; record it with `cargo xtask demos --write`", path.display())
    })?;
    if let Some(e) = demo.expect.iter().find(|e| !recorded.contains(e.as_str())) {
        return Err(format!(
            "{}: the recorded transcript does not show `{e}`; re-record with `cargo xtask demos --write`",
            path.display()
        ));
    }
    Ok(DemoResult::Shown)
}

/// The command as the transcript's first line shows it (with `MIRIFLAGS`).
fn demo_command(demo: &Demo) -> String {
    let args = demo.cargo.join(" ");
    match &demo.miri_flags {
        Some(flags) => format!("{args}   # with MIRIFLAGS=\"{flags}\""),
        None => args,
    }
}

/// Makes output stable across machines: paths relative to the repository,
/// no cargo progress lines.
fn normalize(output: &str, root: &Path) -> String {
    let root = root.display().to_string();
    output
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            !(t.starts_with("Compiling ")
                || t.starts_with("Finished ")
                || t.starts_with("Running ")
                || t.starts_with("Blocking "))
        })
        .map(|l| l.replace(&format!("{root}/"), "").replace(&root, "."))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// `cargo xtask demos`: runs every demonstration and prints what it showed.
pub fn run_all(root: &Path, labs: &[Lab], write: bool) -> Result<String, String> {
    let mut shown = 0;
    let mut skipped = Vec::new();
    for lab in labs {
        for demo in &lab.meta.demos {
            eprintln!("  {}: {}", lab.name, demo.name);
            match run(root, lab, demo, write)? {
                DemoResult::Shown => shown += 1,
                DemoResult::NoNightly => skipped.push(format!("{}/{}", lab.name, demo.name)),
            }
        }
    }
    if !skipped.is_empty() && crate::setup::in_ci() {
        return Err(format!("no nightly toolchain for {}", skipped.join(", ")));
    }
    let mut note = format!("{shown} demonstration(s) showed their hazard");
    if !skipped.is_empty() {
        note += &format!(", {} skipped (no nightly)", skipped.len());
    }
    Ok(note)
}

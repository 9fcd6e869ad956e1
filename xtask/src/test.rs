//! `cargo xtask test`: everything a maintainer must keep green, as a list of
//! stages. Every stage runs even when an earlier one failed, and a table at
//! the end gives each stage's result and time.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::cmd::{self, Cmd};
use crate::grading;
use crate::labs::{self, Lab};
use crate::libtest::Files;
use crate::prereqs::{self, Scope};
use crate::setup;
use crate::table::Table;
use crate::{book, demos};

#[path = "two_nodes.rs"]
mod two_nodes;

/// How a stage ended.
enum Verdict {
    Passed(String),
    Skipped(String),
    Failed(String),
}

/// Runs every stage (or those whose names contain `only`, and setup) and
/// prints the summary. Fails if any stage failed.
pub fn run(root: &Path, only: Option<&str>) -> Result<(), String> {
    let began = Instant::now();
    let mut results: Vec<(&str, Verdict, Duration)> = Vec::new();
    let wanted = |name: &str| name == "setup" || only.is_none_or(|part| name.contains(part));
    let mut beside = None;
    let mut stage = |name: &'static str, body: &mut dyn FnMut() -> Verdict| {
        if !wanted(name) {
            return;
        }
        let (verdict, took) = cmd::timed(name, body);
        if let Verdict::Failed(why) = &verdict {
            eprintln!("✗ {name} failed:\n{why}\n");
        }
        results.push((name, verdict, took));
    };

    stage("setup", &mut || from(setup::ensure(root, &[Scope::Book, Scope::Labs, Scope::Maintainer])));
    let labs = labs::discover(root);
    stage("rustfmt", &mut || from(rustfmt(root)));
    stage("clippy (solutions)", &mut || from(clippy(root)));
    stage("xtask self-tests", &mut || {
        from(
            Cmd::cargo()
                .args(["test", "--quiet", "-p", "xtask", "-p", "timed-run"])
                .dir(root)
                .run()
                // Lab 3's harness: a launcher override with a hostfile.
                .and_then(|_| Cmd::cargo().args(["test", "--quiet", "-p", "lab3", "--lib"]).dir(root).run())
                // The browser checker is a workspace of its own (its link verdicts).
                .and_then(|_| {
                    Cmd::cargo()
                        .args([
                            "test",
                            "--quiet",
                            "--locked",
                            "--manifest-path",
                            "xtask/browser-check/Cargo.toml",
                        ])
                        .env("CARGO_TARGET_DIR", root.join("target"))
                        .dir(root)
                        .run()
                })
                .map(|_| "checker and harness tests pass".into()),
        )
    });
    stage("book code blocks", &mut || from(book::code::test(root)));
    stage("book code: broken block caught", &mut || from(book::code::self_test(root)));
    stage("book build + lab links", &mut || {
        from(book::build(root).and_then(|_| book::check_lab_links(root, labs.as_deref().unwrap_or_default())))
    });
    stage("book in a browser: broken page caught", &mut || from(crate::browser::self_test(root)));
    stage("book in a browser", &mut || from(crate::browser::run(root)));
    for (name, check) in QUICK {
        stage(name, &mut || from(check(root, labs.as_deref().unwrap_or_default())));
    }
    stage("workflow files", &mut || from(workflows(root)));
    match &labs {
        Ok(labs) => {
            stage("labs vs solutions", &mut || from(each_lab(root, labs, Files::Solution)));
            stage("unsolved check (stubs)", &mut || from(each_lab(root, labs, Files::Student)));
            beside = wanted(WRONG_ANSWERS).then(|| Beside::start(root, WRONG_ANSWERS, &["wrong-answers"]));
            stage("answers in the students' files", &mut || from(crate::student_sim::run(root)));
            stage("Miri (solutions)", &mut || needs_nightly(|| miri(root, labs)));
            stage("Miri verdict table (ch. 5)", &mut || needs_nightly(|| crate::miri_verdicts::run(root)));
            stage("loom (lab 8)", &mut || from(crate::loom::run(root)));
            stage("hazard demonstrations", &mut || from(demos::run_all(root, labs, false)));
        }
        Err(why) => stage("labs", &mut || Verdict::Failed(why.clone())),
    }
    stage("lab 3 across two nodes", &mut || two_nodes::run(root));
    if let Some(beside) = beside {
        let (verdict, took) = beside.finish();
        results.push((WRONG_ANSWERS, verdict, took));
    }

    let mut table = Table::new(&["stage", "result", "time", "note"]);
    let mut failed = 0;
    for (name, verdict, took) in &results {
        let (mark, note) = match verdict {
            Verdict::Passed(note) => ("✓ passed", note.clone()),
            Verdict::Skipped(note) => ("- skipped", note.clone()),
            Verdict::Failed(why) => {
                failed += 1;
                ("✗ FAILED", why.lines().next().unwrap_or_default().to_string())
            }
        };
        table.row([name.to_string(), mark.into(), cmd::human(*took), note]);
    }
    println!("\n{table}");
    // The stages' times add up to more: one runs beside others.
    println!("total {}", cmd::human(began.elapsed()));
    let passed = results.iter().filter(|(_, v, _)| matches!(v, Verdict::Passed(_))).count();
    let skipped = results.len() - passed - failed;
    println!("stages: {passed} passed, {failed} failed, {skipped} skipped");
    if failed == 0 { Ok(()) } else { Err(format!("{failed} stage(s) failed")) }
}

/// The wrong-answers stage, which runs beside the stages after the unsolved
/// check: it rebuilds one lab at a time and runs its tests one by one, so it
/// keeps about one core busy, and it works in a copy of its own.
const WRONG_ANSWERS: &str = "wrong answers rejected";

/// A stage run as a child `cargo xtask …` beside the stages after it, its
/// output captured and printed when it ends.
struct Beside {
    name: &'static str,
    started: Instant,
    child: std::thread::JoinHandle<Result<cmd::Output, String>>,
}

impl Beside {
    fn start(root: &Path, name: &'static str, args: &[&str]) -> Self {
        eprintln!("▶ {name}: started beside the stages below, its output follows theirs");
        let exe = std::env::current_exe().unwrap_or_else(|_| "xtask".into());
        let command = Cmd::new(exe).args(args).dir(root).limit(Duration::from_secs(40 * 60));
        Beside { name, started: Instant::now(), child: std::thread::spawn(move || command.capture()) }
    }

    /// Waits for the stage and prints its output; its time is from its start.
    fn finish(self) -> (Verdict, Duration) {
        let ran = self.child.join().unwrap_or_else(|_| Err("the thread waiting for it panicked".into()));
        let took = self.started.elapsed();
        eprintln!("▶ {} (ran beside the stages above)", self.name);
        let verdict = match ran {
            Ok(out) => {
                eprint!("{}", out.stderr);
                let said = out.stdout.lines().last().unwrap_or_default().to_string();
                match (out.success(), out.timed_out) {
                    (true, _) => Verdict::Passed(said),
                    (false, true) => {
                        Verdict::Failed(format!("`{}` did not finish within 40 min", out.command))
                    }
                    (false, false) => Verdict::Failed(last_lines(&out.stderr)),
                }
            }
            Err(why) => Verdict::Failed(why),
        };
        eprintln!("  ({}: {})", self.name, cmd::human(took));
        (verdict, took)
    }
}

/// The end of a failed stage's output, where its reason is.
fn last_lines(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

/// A check that only reads files.
type Check = fn(&Path, &[Lab]) -> Result<String, String>;

/// The checks that only read files, in a few seconds together: each is a
/// stage here, and `cargo xtask pages-check` runs them all.
pub const QUICK: &[(&str, Check)] = &[
    ("hints", crate::hints::check),
    ("mutation survivors explained", crate::mutants::check),
    ("exercises linked from their pages", crate::exercise_links::check),
    ("exercise facts agree with the lab metadata", crate::exercise_facts::check),
    ("labs laid out as CONTRIBUTING.md's table says", crate::layout::check),
    ("speaker notes", |root, _| crate::speaker_notes::check(root)),
    ("workshop schedules add up and match the pages", |root, _| crate::schedules::check(root)),
    ("commands on the pages", |root, _| crate::book::commands::check(root)),
    ("no answers on teaching pages", |root, _| crate::answer_includes::check(root)),
];

fn from(result: Result<String, String>) -> Verdict {
    match result {
        Ok(note) => Verdict::Passed(note),
        Err(why) => Verdict::Failed(why),
    }
}

fn rustfmt(root: &Path) -> Result<String, String> {
    Cmd::cargo().args(["fmt", "--all", "--check"]).dir(root).run()?;
    // The solution files are modules swapped in by a feature; check them by name.
    let solutions = crate::walk::files_with_extension(&root.join("solutions"), "rs");
    if !solutions.is_empty() {
        Cmd::new("rustfmt").args(["--check", "--edition", "2024"]).args(&solutions).dir(root).run()?;
    }
    Ok(format!("workspace and {} solution files formatted", solutions.len()))
}

fn clippy(root: &Path) -> Result<String, String> {
    let features: Vec<String> =
        labs::solution_packages(root)?.iter().map(|name| format!("{name}/solution")).collect();
    let mut cmd = Cmd::cargo().args(["clippy", "--quiet", "--workspace", "--all-targets"]).dir(root);
    if !features.is_empty() {
        cmd = cmd.args(["--features", &features.join(",")]);
    }
    cmd.args(["--", "-D", "warnings"]).run()?;
    Ok("no warnings".into())
}

fn workflows(root: &Path) -> Result<String, String> {
    let files: Vec<PathBuf> = crate::walk::entries(&root.join(".github/workflows"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    if files.is_empty() {
        return Err(".github/workflows: no workflow files".into());
    }
    prereqs::check_jsonschema(root)
        .args(["--builtin-schema", "vendor.github-workflows"])
        .args(&files)
        .dir(root)
        .run()?;
    Ok(format!("{} workflow files match GitHub's schema", files.len()))
}

fn each_lab(root: &Path, labs: &[Lab], files: Files) -> Result<String, String> {
    let mut exercises = 0;
    for lab in labs {
        for line in grading::check_lab(root, lab, files)? {
            eprintln!("  {}: {line}", lab.name);
            exercises += 1;
        }
    }
    Ok(format!("{} labs, {exercises} exercises", labs.len()))
}

/// Runs `body` if nightly Miri is here; without it the stage is skipped on
/// a laptop and fails in CI.
fn needs_nightly(body: impl FnOnce() -> Result<String, String>) -> Verdict {
    if Cmd::new("cargo").args(["+nightly", "miri", "--version"]).first_line().is_none() {
        let why = format!("nightly Miri missing: {}", prereqs::Fix::NightlyMiri.command_line());
        return if setup::in_ci() { Verdict::Failed(why) } else { Verdict::Skipped(why) };
    }
    from(body())
}

fn miri(root: &Path, labs: &[Lab]) -> Result<String, String> {
    let under_miri: Vec<&Lab> = labs.iter().filter(|lab| lab.meta.miri).collect();
    for lab in &under_miri {
        let mut cmd = Cmd::new("cargo")
            .args(["+nightly", "miri", "test", "--quiet", "-p", &lab.name, "--features", "solution"])
            .dir(root)
            .limit(Duration::from_secs(20 * 60));
        if let Some(flags) = &lab.meta.miri_flags {
            cmd = cmd.env("MIRIFLAGS", flags);
        }
        cmd.run()?;
    }
    let names: Vec<&str> = under_miri.iter().map(|lab| lab.name.as_str()).collect();
    Ok(format!("no undefined behaviour in {}", names.join(", ")))
}

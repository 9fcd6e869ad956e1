//! The wrong answers each lab keeps, and the stage that proves its tests
//! reject them. A wrong answer is `solutions/labN/wrong/<name>.patch`: a
//! unified diff (as `git apply` and the `diffy` crate read it) from the
//! reference answer to the same file with one plausible mistake, its paths
//! the student file's (`a/labs/labN-…/src/<file>.rs`), headed by
//!
//! ```text
//! Wrong: <what is wrong; "unsound" if it is>
//! Caught by: <test target>::<test name>
//! ```
//!
//! A `Caught by:` line that ends in ` (under Miri)` names a test that fails
//! only when Miri runs it (undefined behaviour that no assertion sees); one
//! that ends in ` (under loom)` a model that fails only when loom explores
//! its interleavings (built with `RUSTFLAGS="--cfg loom"`, in release).
//!
//! In a copy of the repository where every student file already holds its
//! reference answer, the stage puts the wrong file in its student file's
//! place, runs only the named tests, and requires each of them to fail.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::labs::Lab;
use crate::libtest::{self, Files, Outcome, TargetRun, TestResult};

/// The longest one wrong answer may take to build and fail.
const LIMIT: Duration = Duration::from_secs(5 * 60);

/// One kept wrong answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrongAnswer {
    /// `<name>`, the folder it is in.
    pub name: String,
    /// The file, `solutions/labN/wrong/<name>/<file>.rs`.
    pub path: PathBuf,
    /// `<file>.rs`: the student file it replaces.
    pub replaces: String,
    /// What is wrong with it.
    pub what: String,
    /// The tests that must fail.
    pub caught_by: Vec<Catch>,
    /// The unified diff from the reference answer.
    pub diff: String,
}

/// One test a wrong answer must fail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catch {
    /// The test target (an exercise's file stem in `tests/`).
    pub target: String,
    /// The test's name in that target.
    pub test: String,
    /// What must run the test for it to fail.
    pub under: Under,
}

/// What runs a test that must catch a wrong answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Under {
    /// `cargo test`.
    Test,
    /// `cargo +nightly miri test`: undefined behaviour no assertion sees.
    Miri,
    /// The loom build, which explores every interleaving of a model.
    Loom,
}

impl Under {
    /// The suffix of a `Caught by:` line that names this runner.
    fn suffix(self) -> &'static str {
        match self {
            Under::Test => "",
            Under::Miri => " (under Miri)",
            Under::Loom => " (under loom)",
        }
    }
}

impl WrongAnswer {
    /// Whether the header says it is unsound (and not "not unsound").
    pub fn unsound(&self) -> bool {
        let what = self.what.to_lowercase();
        what.contains("unsound") && !what.contains("not unsound")
    }
}

/// Reads a patch: its header, then the diff, whose `+++ b/labs/…/src/<file>.rs`
/// line names the student file it changes.
pub fn parse_patch(path: &Path, text: &str) -> Result<WrongAnswer, String> {
    let shown = path.display();
    let name = path
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| format!("{shown}: no file name"))?;
    let (what, caught_by) = parse_header(path, text)?;
    let start = text
        .find("\n--- ")
        .map(|at| at + 1)
        .ok_or_else(|| format!("{shown}: no diff after the header (a `--- a/…` line)"))?;
    let diff = &text[start..];
    let target = diff
        .lines()
        .find_map(|l| l.strip_prefix("+++ "))
        .map(|t| t.trim().trim_start_matches("b/"))
        .filter(|t| t.starts_with("labs/") && t.contains("/src/"))
        .ok_or_else(|| format!("{shown}: the diff's `+++ b/labs/labN-…/src/<file>.rs` line is missing"))?;
    let replaces = target.rsplit('/').next().unwrap_or(target).to_string();
    Ok(WrongAnswer { name, path: path.to_path_buf(), replaces, what, caught_by, diff: diff.to_string() })
}

/// The wrong answer's text: the patch applied to the reference answer.
pub fn text(answer: &WrongAnswer, reference: &str) -> Result<String, String> {
    let patch = diffy::Patch::from_str(&answer.diff)
        .map_err(|e| format!("{}: not a unified diff: {e}", answer.path.display()))?;
    diffy::apply(reference, &patch).map_err(|e| {
        format!(
            "{} no longer applies to the reference answer ({e}); remake it against the current one",
            answer.path.display()
        )
    })
}

/// The `Wrong:` line and the `Caught by:` lines under it.
fn parse_header(path: &Path, text: &str) -> Result<(String, Vec<Catch>), String> {
    let shown = path.display();
    let (wrong, caught) = ("Wrong: ", "Caught by: ");
    let mut lines = text.lines();
    let what = lines
        .next()
        .and_then(|l| l.strip_prefix(wrong))
        .ok_or_else(|| format!("{shown}: the first line must be `{wrong}<what is wrong>`"))?
        .trim()
        .to_string();
    let mut caught_by = Vec::new();
    for line in lines.map_while(|l| l.strip_prefix(caught)) {
        let line = line.trim();
        let (name, under) = [Under::Miri, Under::Loom]
            .into_iter()
            .find_map(|u| Some((line.strip_suffix(u.suffix())?, u)))
            .unwrap_or((line, Under::Test));
        let (target, test) =
            name.split_once("::").filter(|(_, test)| !test.contains(' ')).ok_or_else(|| {
                format!(
                    "{shown}: `Caught by:` takes `<test target>::<test name>[ (under Miri)| (under loom)]`, not {line:?}"
                )
            })?;
        caught_by.push(Catch { target: target.to_string(), test: test.to_string(), under });
    }
    if caught_by.is_empty() {
        return Err(format!("{shown}: the second line must be `{caught}<test target>::<test name>`"));
    }
    Ok((what, caught_by))
}

/// Every wrong answer `lab` keeps, from `solutions/<lab>/wrong/` under `root`.
pub fn discover(root: &Path, lab: &Lab) -> Result<Vec<WrongAnswer>, String> {
    let dir = root.join("solutions").join(&lab.name).join("wrong");
    let mut found = Vec::new();
    for path in crate::walk::entries(&dir) {
        if path.is_dir() {
            return Err(format!(
                "{}: a wrong answer is a patch, solutions/{}/wrong/<name>.patch (see CONTRIBUTING.md)",
                path.display(),
                lab.name
            ));
        } else if path.extension().is_some_and(|e| e == "patch") {
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            found.push(parse_patch(&path, &text)?);
        }
    }
    Ok(found)
}

/// What a lab's set must cover: every exercise is caught at least once, at
/// least one answer is unsound, and every named test target is an exercise.
pub fn check_coverage(lab: &Lab, wrong: &[WrongAnswer]) -> Result<(), String> {
    for answer in wrong {
        for Catch { target, .. } in &answer.caught_by {
            if !lab.meta.exercises.iter().any(|e| &e.test == target) {
                return Err(format!(
                    "{}: `{target}` is not a test target of {}",
                    answer.path.display(),
                    lab.name
                ));
            }
        }
    }
    let uncovered: Vec<&str> = lab
        .meta
        .exercises
        .iter()
        .filter(|e| !wrong.iter().any(|w| w.caught_by.iter().any(|c| c.target == e.test)))
        .map(|e| e.test.as_str())
        .collect();
    if !uncovered.is_empty() {
        return Err(format!(
            "{} keeps no wrong answer for {} (solutions/{}/wrong/<name>.patch)",
            lab.name,
            uncovered.join(", "),
            lab.name
        ));
    }
    if !wrong.iter().any(WrongAnswer::unsound) {
        return Err(format!(
            "{} keeps no unsound wrong answer (say \"unsound\" in its `Wrong:` line)",
            lab.name
        ));
    }
    Ok(())
}

/// How a catch that could not run here is marked, and how an answer whose
/// every catch is so marked is reported.
const SKIPPED: &str = "(skipped: no ";
const NOT_CHECKED: &str = "not checked here, its tests need a missing toolchain:";

/// The copy's folder in the system's temporary folder: its own, so that this
/// stage runs beside the students' files stage (`cargo xtask test`).
const COPY: &str = "forget-me-not-wrong-answers";

/// The wrong-answers stage: in a copy of the repository whose student files
/// hold the reference answers (`student_sim::prepare`), each kept wrong
/// answer in its student file must make the tests it names fail. `only`
/// limits it to one lab (`lab3`).
pub fn stage(root: &Path, only: Option<&str>) -> Result<String, String> {
    let (copy, mut labs, _) = crate::student_sim::prepare(root, COPY)?;
    labs.retain(|lab| only.is_none_or(|name| lab.name == name));
    if labs.is_empty() {
        return Err(format!("no lab named {}", only.unwrap_or("?")));
    }
    let lines = run(&copy, &labs)?;
    for line in &lines {
        eprintln!("  {line}");
    }
    let (unchecked, rejected): (Vec<&String>, Vec<&String>) =
        lines.iter().partition(|l| l.contains(NOT_CHECKED));
    let unsound = rejected.iter().filter(|l| l.ends_with("(unsound)")).count();
    let mut summary = format!(
        "{} wrong answers of {} labs rejected, {unsound} of them unsound",
        rejected.len(),
        labs.len()
    );
    if !unchecked.is_empty() {
        summary
            .push_str(&format!("; {} not checked here (a toolchain is missing: see above)", unchecked.len()));
    }
    Ok(summary)
}

/// Grades every kept wrong answer of every lab in `copy`, whose student
/// files hold the reference answers. Returns one line per wrong answer.
pub fn run(copy: &Path, labs: &[Lab]) -> Result<Vec<String>, String> {
    let mut lines = Vec::new();
    for lab in labs {
        let wrong = discover(copy, lab)?;
        check_coverage(lab, &wrong)?;
        for answer in &wrong {
            lines.push(format!("{}: {}", lab.name, reject(copy, lab, answer)?));
        }
    }
    Ok(lines)
}

/// Puts `answer` in its student file, runs the tests it names, restores the
/// reference answer, and says which tests caught it and how fast.
fn reject(copy: &Path, lab: &Lab, answer: &WrongAnswer) -> Result<String, String> {
    let student_file = lab.dir.join("src").join(&answer.replaces);
    let reference = copy.join("solutions").join(&lab.name).join(&answer.replaces);
    if !student_file.exists() || !reference.exists() {
        return Err(format!(
            "{}: {} is not a student file with a reference answer",
            answer.path.display(),
            answer.replaces
        ));
    }
    let reference_text = std::fs::read_to_string(&reference).map_err(|e| e.to_string())?;
    std::fs::write(&student_file, text(answer, &reference_text)?).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let verdict = run_caught_by(copy, lab, answer);
    std::fs::copy(&reference, &student_file).map_err(|e| e.to_string())?;
    let caught = verdict?;
    // Locally a test that needs a missing toolchain is skipped; an answer
    // that only such tests catch is not proven rejected here.
    let checked = caught.iter().any(|c| !c.contains(SKIPPED));
    Ok(format!(
        "wrong/{} {} {} in {:.1} s{}",
        answer.name,
        if checked { "rejected by" } else { NOT_CHECKED },
        caught.join(", "),
        started.elapsed().as_secs_f64(),
        if answer.unsound() { " (unsound)" } else { "" }
    ))
}

/// Runs each named test; every one must fail. The plain tests of one
/// target run together in one test binary; a test that has no result there
/// (the binary crashed or timed out) runs again alone, so a crash is only
/// ever credited to the test that caused it.
fn run_caught_by(copy: &Path, lab: &Lab, answer: &WrongAnswer) -> Result<Vec<String>, String> {
    let mut together: HashMap<String, TestResult> = HashMap::new();
    let plain = |c: &&Catch| c.under == Under::Test;
    let targets: BTreeSet<&str> = answer.caught_by.iter().filter(plain).map(|c| c.target.as_str()).collect();
    for target in targets {
        let tests: Vec<&str> = answer
            .caught_by
            .iter()
            .filter(plain)
            .filter(|c| c.target == target)
            .map(|c| c.test.as_str())
            .collect();
        let exercise =
            lab.meta.exercises.iter().find(|e| e.test == target).expect("checked by check_coverage");
        if tests.len() < 2 || (exercise.nightly && !libtest::nightly_available()) {
            continue;
        }
        let run = libtest::run_some(copy, lab, Files::Student, exercise, &tests, LIMIT)?;
        if run.broken.is_none() {
            together.extend(run.results.into_iter().map(|r| (r.name.clone(), r)));
        }
    }
    let mut caught = Vec::new();
    for Catch { target, test, under } in &answer.caught_by {
        let miri = *under == Under::Miri;
        let exercise =
            lab.meta.exercises.iter().find(|e| &e.test == target).expect("checked by check_coverage");
        let shown = format!("{target}::{test}{}", under.suffix());
        let missing = if miri && !libtest::miri_available() {
            Some("Miri")
        } else if exercise.nightly && !libtest::nightly_available() {
            Some("the nightly toolchain")
        } else {
            None
        };
        if let Some(what) = missing {
            if crate::setup::in_ci() {
                return Err(format!(
                    "{}: `{shown}` needs {what}, which is missing: {}",
                    lab.name,
                    crate::prereqs::Fix::NightlyMiri.command_line()
                ));
            }
            caught.push(format!("{shown} {SKIPPED}{what}; `cargo xtask setup` installs it)"));
            continue;
        }
        let run = match under {
            Under::Miri => libtest::run_one_under_miri(copy, lab, exercise, test, LIMIT)?,
            Under::Loom => libtest::run_one_under_loom(copy, lab, exercise, test, LIMIT)?,
            Under::Test => match together.remove(test) {
                Some(result) => TargetRun { results: vec![result], broken: None },
                None => libtest::run_one(copy, lab, Files::Student, exercise, test, LIMIT)?,
            },
        };
        let wrong = format!("wrong/{} ({})", answer.name, answer.what);
        match run.results.iter().find(|r| &r.name == test) {
            Some(r) if r.outcome == Outcome::Failed => {
                let message: String =
                    r.message.as_deref().unwrap_or("no message").chars().take(110).collect();
                caught.push(format!("{shown} («{message}»)"));
            }
            Some(r) => {
                return Err(format!(
                    "{}: {wrong} is not rejected: {shown} {}",
                    lab.name,
                    if r.outcome == Outcome::Passed { "passes" } else { "is ignored" }
                ));
            }
            None => match &run.broken {
                Some(why) if why.contains("error[E") || why.contains("could not compile") => {
                    return Err(format!(
                        "{}: {wrong} does not compile, so it proves nothing:\n{why}",
                        lab.name
                    ));
                }
                Some(why) if miri && why.contains("Undefined Behavior") => {
                    caught.push(format!("{shown} (Miri: undefined behaviour)"));
                }
                Some(why) if miri => {
                    return Err(format!(
                        "{}: {wrong}: Miri stopped {shown} without reporting undefined behaviour:\n{why}",
                        lab.name
                    ));
                }
                // The test binary crashed (an abort in the test, say): that test caught it.
                Some(_) => caught.push(format!("{shown} (crashed the test binary)")),
                None => return Err(format!("{}: {wrong}: {target} has no test named {test}", lab.name)),
            },
        }
    }
    Ok(caught)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "Wrong: frees the buffer early: unsound.\nCaught by: ex2_owned::dropped_send\n\
        Caught by: ex3_reuse::reuse (under Miri)\nCaught by: ex4_race::race (under loom)\n\n\
        --- a/labs/lab3-mpi/src/owned.rs\n+++ b/labs/lab3-mpi/src/owned.rs\n@@ -1 +1 @@\n-a\n+b\n";

    #[test]
    fn reads_the_header() {
        let w = parse_patch(Path::new("solutions/lab3/wrong/early.patch"), HEADER).unwrap();
        assert_eq!(w.replaces, "owned.rs");
        let catch =
            |target: &str, test: &str, under| Catch { target: target.into(), test: test.into(), under };
        assert_eq!(
            w.caught_by,
            [
                catch("ex2_owned", "dropped_send", Under::Test),
                catch("ex3_reuse", "reuse", Under::Miri),
                catch("ex4_race", "race", Under::Loom)
            ]
        );
        assert!(w.unsound());
    }

    const PATCH: &str = "Wrong: counts nothing: unsound.\nCaught by: ex1_arc::clone_counts\n\n\
        --- a/labs/lab8-atomic-deallocation/src/arc.rs\n+++ b/labs/lab8-atomic-deallocation/src/arc.rs\n\
        @@ -1,3 +1,3 @@\n fn a() {}\n-fn count() { n += 1 }\n+fn count() {}\n fn b() {}\n";

    #[test]
    fn a_patch_is_read_and_applied() {
        let w = parse_patch(Path::new("solutions/lab8/wrong/counts-nothing.patch"), PATCH).unwrap();
        assert_eq!((w.name.as_str(), w.replaces.as_str()), ("counts-nothing", "arc.rs"));
        assert_eq!(w.caught_by[0].test, "clone_counts");
        let reference = "fn a() {}\nfn count() { n += 1 }\nfn b() {}\n";
        assert_eq!(text(&w, reference).unwrap(), "fn a() {}\nfn count() {}\nfn b() {}\n");
        let drifted = "fn a() {}\nfn count() { n += 2 }\nfn b() {}\n";
        assert!(text(&w, drifted).unwrap_err().contains("no longer applies"));
    }

    #[test]
    fn not_unsound_is_not_unsound() {
        let text = HEADER.replace("unsound", "off by one (not unsound)");
        assert!(!parse_patch(Path::new("a/x.patch"), &text).unwrap().unsound());
    }

    #[test]
    fn a_header_without_its_test_or_diff_is_refused() {
        let p = Path::new("a/x.patch");
        assert!(
            parse_patch(p, "Wrong: off by one.\n\n--- a/labs/l/src/x.rs\n+++ b/labs/l/src/x.rs\n").is_err()
        );
        assert!(parse_patch(p, "Off by one.\nCaught by: ex1::a\n").is_err());
        assert!(parse_patch(p, "Wrong: x\nCaught by: no_separator\n\n--- a/labs/l/src/x.rs\n").is_err());
        assert!(parse_patch(p, "Wrong: x\nCaught by: ex1::a\n\nno diff here\n").is_err());
    }
}

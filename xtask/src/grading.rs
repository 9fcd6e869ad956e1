//! The two checks every lab must pass, like rustlings' `dev check`:
//! the reference solution passes every test, and the untouched student stubs
//! fail every test — so no test is unable to tell solved from unsolved.

use std::path::Path;

use crate::labs::{Exercise, Lab};
use crate::libtest::{self, Files, Outcome, TargetRun};

/// What every test of a lab must do.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Expect {
    /// Pass: the files are solved.
    AllPass,
    /// Fail: the files are the untouched stubs.
    AllFail,
}

/// Runs each exercise of `lab` against `files` and checks the outcome that
/// kind of files must have: the solution passes, the stubs fail. Returns one
/// line per exercise on success.
pub fn check_lab(root: &Path, lab: &Lab, files: Files) -> Result<Vec<String>, String> {
    let expect = match files {
        Files::Solution => Expect::AllPass,
        Files::Student => Expect::AllFail,
    };
    check_lab_expecting(root, lab, files, expect)
}

/// Like [`check_lab`], with the expected outcome given: a copy of the
/// repository whose student files hold the reference answers must pass.
pub fn check_lab_expecting(
    root: &Path,
    lab: &Lab,
    files: Files,
    expect: Expect,
) -> Result<Vec<String>, String> {
    if let Some(problem) = &lab.problem {
        return Err(problem.clone());
    }
    libtest::build(root, lab, files).map_err(|e| match files {
        Files::Student => format!("{}: the student stubs do not compile:\n{e}", lab.name),
        Files::Solution => format!("{}: the solution does not compile:\n{e}", lab.name),
    })?;
    let mut report = Vec::new();
    for exercise in &lab.meta.exercises {
        if exercise.nightly && !libtest::nightly_available() {
            if crate::setup::in_ci() {
                return Err(format!(
                    "{}: `{}` needs the nightly toolchain, which is missing",
                    lab.name, exercise.test
                ));
            }
            report.push(format!("{} ({}): skipped, no nightly toolchain", exercise.test, exercise.title));
            continue;
        }
        let run = libtest::run(root, lab, files, exercise)?;
        let verdict = match expect {
            Expect::AllFail => judge_unsolved(exercise, &run),
            Expect::AllPass => judge_solved(exercise, &run),
        };
        report.push(verdict.map_err(|e| format!("{}: {e}", lab.name))?);
    }
    Ok(report)
}

/// Every test of the exercise must fail on the stubs.
pub fn judge_unsolved(exercise: &Exercise, run: &TargetRun) -> Result<String, String> {
    if let Some(why) = &run.broken {
        return Err(format!(
            "`{}` on the stubs did not finish cleanly ({why}); a stub must panic with todo!(), not hang or abort",
            exercise.test
        ));
    }
    let ran: Vec<_> = run.results.iter().filter(|r| r.outcome != Outcome::Ignored).collect();
    if ran.is_empty() {
        return Err(format!("`{}` ran no test", exercise.test));
    }
    let passing: Vec<&str> =
        ran.iter().filter(|r| r.outcome == Outcome::Passed).map(|r| r.name.as_str()).collect();
    if !passing.is_empty() {
        return Err(format!(
            "`{}`: {} test(s) pass on the untouched stubs, so they cannot tell an unsolved exercise from a solved one: {}",
            exercise.test,
            passing.len(),
            passing.join(", ")
        ));
    }
    Ok(format!("{} ({}): all {} tests fail on the stubs", exercise.test, exercise.title, ran.len()))
}

/// Every test of the exercise must pass on the reference solution.
pub fn judge_solved(exercise: &Exercise, run: &TargetRun) -> Result<String, String> {
    if let Some(why) = &run.broken {
        return Err(format!("`{}` on the solution did not finish cleanly ({why})", exercise.test));
    }
    let failing: Vec<String> = run
        .results
        .iter()
        .filter(|r| r.outcome == Outcome::Failed)
        .map(|r| format!("{} ({})", r.name, r.message.as_deref().unwrap_or("no message")))
        .collect();
    if !failing.is_empty() {
        return Err(format!("`{}`: the solution fails {}", exercise.test, failing.join("; ")));
    }
    if run.passed() == 0 {
        return Err(format!("`{}` ran no test on the solution", exercise.test));
    }
    Ok(format!("{} ({}): all {} tests pass on the solution", exercise.test, exercise.title, run.passed()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::libtest::parse;

    fn exercise() -> Exercise {
        Exercise {
            test: "ex1_leaks".into(),
            title: "Leak three ways".into(),
            book: "ch01/leaking.html".into(),
            files: vec!["src/leaks.rs".into()],
            nightly: false,
            stretch: false,
        }
    }

    fn run(stdout: &str) -> TargetRun {
        TargetRun { results: parse(stdout), broken: None }
    }

    const ALL_FAIL: &str = "running 2 tests\ntest a ... FAILED\ntest b ... FAILED\n\ntest result: FAILED. 0 passed; 2 failed; 0 ignored\n";
    const ONE_PASSES: &str = "running 2 tests\ntest a ... FAILED\ntest b ... ok\n\ntest result: FAILED. 1 passed; 1 failed; 0 ignored\n";
    const ALL_PASS: &str =
        "running 2 tests\ntest a ... ok\ntest b ... ok\n\ntest result: ok. 2 passed; 0 failed; 0 ignored\n";

    #[test]
    fn unsolved_check_accepts_stubs_that_fail_everything() {
        assert!(judge_unsolved(&exercise(), &run(ALL_FAIL)).is_ok());
    }

    #[test]
    fn unsolved_check_catches_a_stub_that_passes_one_test() {
        let err = judge_unsolved(&exercise(), &run(ONE_PASSES)).unwrap_err();
        assert!(err.contains("pass on the untouched stubs") && err.contains('b'), "{err}");
    }

    #[test]
    fn unsolved_check_catches_a_stub_that_passes_everything() {
        assert!(judge_unsolved(&exercise(), &run(ALL_PASS)).is_err());
    }

    #[test]
    fn unsolved_check_rejects_an_exercise_without_tests() {
        let empty = "running 0 tests\n\ntest result: ok. 0 passed; 0 failed; 0 ignored\n";
        assert!(judge_unsolved(&exercise(), &run(empty)).is_err());
        let ignored =
            "running 1 test\ntest a ... ignored\n\ntest result: ok. 0 passed; 0 failed; 1 ignored\n";
        assert!(judge_unsolved(&exercise(), &run(ignored)).is_err());
    }

    #[test]
    fn unsolved_check_rejects_stubs_that_crash_or_hang() {
        let crashed =
            TargetRun { results: parse("running 1 test\n"), broken: Some("no test summary".into()) };
        assert!(judge_unsolved(&exercise(), &crashed).is_err());
    }

    /// The same judgement on real `cargo test` output: a lab in miniature
    /// whose stub passes one of its two tests.
    #[test]
    fn unsolved_check_catches_a_real_stub_that_passes_a_test() {
        let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let manifest = here.join("fixtures/stub-passes/Cargo.toml");
        let target = here.join("../target/fixtures");
        let out = crate::cmd::Cmd::cargo()
            .args(["test", "--offline", "--test", "ex1", "--manifest-path"])
            .args([&manifest])
            .args(["--target-dir"])
            .args([&target])
            .capture()
            .expect("cargo runs");
        let run = TargetRun { results: parse(&out.stdout), broken: None };
        assert_eq!(run.results.len(), 2, "both fixture tests ran:\n{}{}", out.stdout, out.stderr);
        let err = judge_unsolved(&exercise(), &run).unwrap_err();
        assert!(err.contains("given_code_works") && !err.contains("the_answer_is_right"), "{err}");
    }

    #[test]
    fn solved_check_needs_every_test_to_pass() {
        assert!(judge_solved(&exercise(), &run(ALL_PASS)).is_ok());
        assert!(judge_solved(&exercise(), &run(ONE_PASSES)).is_err());
    }
}

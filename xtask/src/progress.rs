//! `cargo xtask progress`: a student's view of the labs. Runs every lab's
//! tests against the student's own files and prints one row per lab, then
//! the next failing test of each unfinished lab and where to read about it.

use std::path::Path;

use crate::labs::{self, Exercise, Lab};
use crate::libtest::{self, Files, Outcome, TargetRun};
use crate::table::Table;

/// Where `cargo xtask serve` serves the book.
pub const LOCAL_BOOK: &str = "http://localhost:3000/";

/// Where a student stands in one lab.
struct Standing {
    passed: usize,
    total: usize,
    /// The first failing test (exercise::test), its message and the page to read.
    next: Option<(String, String, String)>,
    /// The exercises not run here, and why.
    skipped: Vec<String>,
}

/// Prints the table. `only` limits it to one lab (`lab2`).
pub fn run(root: &Path, only: Option<&str>) -> Result<(), String> {
    let labs: Vec<Lab> =
        labs::discover(root)?.into_iter().filter(|lab| only.is_none_or(|name| lab.name == name)).collect();
    if labs.is_empty() {
        return Err(format!("no lab named {}", only.unwrap_or("?")));
    }
    let mut table = Table::new(&["lab", "title", "passed", "status"]);
    let mut next_steps = Vec::new();
    let mut done = 0;
    for (index, lab) in labs.iter().enumerate() {
        let counter = format!("[{}/{}] {}", index + 1, labs.len(), lab.name);
        let standing = standing(root, lab, &counter)?;
        let status = match &standing.next {
            None if standing.total > 0 => {
                done += 1;
                "done ✓".to_string()
            }
            None => "no tests ran".to_string(),
            Some((test, _, _)) => format!("next: {test}"),
        };
        let status = match standing.skipped.as_slice() {
            [] => status,
            skipped => format!("{status} ({})", skipped.join("; ")),
        };
        let passed = format!("{}/{}", standing.passed, standing.total);
        table.row([lab.name.clone(), lab.meta.title.clone(), passed, status]);
        if let Some((test, message, page)) = standing.next {
            let read =
                if page.is_empty() { String::new() } else { format!("\n    read: {LOCAL_BOOK}{page}") };
            next_steps.push(format!("{} {test}\n    {message}{read}", lab.name));
        }
    }
    print!("{table}");
    println!("{done} of {} labs complete.", labs.len());
    if !next_steps.is_empty() {
        println!("\nNext steps (the links work while `cargo xtask serve` runs):");
        for step in next_steps {
            println!("  {step}");
        }
    }
    Ok(())
}

/// Runs one lab's tests, one exercise at a time, saying on stderr what it is
/// doing (`counter` is `[3/8] lab3`): a first build compiles the lab's
/// dependencies and takes minutes.
fn standing(root: &Path, lab: &Lab, counter: &str) -> Result<Standing, String> {
    if let Some(problem) = &lab.problem {
        return Ok(Standing {
            passed: 0,
            total: 0,
            next: Some(("(lab set-up)".into(), problem.clone(), String::new())),
            skipped: Vec::new(),
        });
    }
    eprintln!(
        "{counter}: building your files and the tests (the first build compiles the dependencies: minutes) …"
    );
    if let Err(errors) = libtest::build(root, lab, Files::Student) {
        let first = errors.lines().find(|l| l.starts_with("error")).unwrap_or("does not compile").to_string();
        let page = lab.meta.sheet.clone();
        let next = Some(("(does not compile)".into(), first, page));
        return Ok(Standing { passed: 0, total: 0, next, skipped: Vec::new() });
    }
    let mut standing = Standing { passed: 0, total: 0, next: None, skipped: Vec::new() };
    let count = lab.meta.exercises.len();
    for (index, exercise) in lab.meta.exercises.iter().enumerate() {
        let bar: String = (0..count).map(|i| if i < index { '█' } else { '░' }).collect();
        if exercise.nightly && !libtest::nightly_available() {
            eprintln!("{counter} {bar} exercise {}/{count}: skipped, it needs nightly Miri", index + 1);
            standing.skipped.push(format!(
                "exercise {} skipped: it runs under Miri, and nightly Miri is missing (`cargo xtask setup` installs it)",
                index + 1
            ));
            continue;
        }
        eprintln!("{counter} {bar} exercise {}/{count}: tests/{}.rs …", index + 1, exercise.test);
        let run = libtest::run(root, lab, Files::Student, exercise)?;
        standing.total += run.results.iter().filter(|r| r.outcome != Outcome::Ignored).count();
        standing.passed += run.passed();
        if standing.next.is_some() {
            continue;
        }
        let failure = first_failure(lab, exercise, &run);
        standing.next = failure.map(|(test, message)| (test, message, exercise.book.clone()));
    }
    Ok(standing)
}

/// The first failing test of an exercise's run, `exercise::test`, and its
/// message; or why the run has none (it did not build, or crashed).
/// libtest reports in completion order: "first" is as the test file lists
/// them, the order the lab sheet follows.
pub fn first_failure(lab: &Lab, exercise: &Exercise, run: &TargetRun) -> Option<(String, String)> {
    let source = std::fs::read_to_string(lab.dir.join("tests").join(format!("{}.rs", exercise.test)))
        .unwrap_or_default();
    let first = run
        .results
        .iter()
        .filter(|r| r.outcome == Outcome::Failed)
        .min_by_key(|r| (position_in_source(&source, &r.name), r.name.clone()));
    match (&run.broken, first) {
        (_, Some(failed)) => {
            Some((format!("{}::{}", exercise.test, failed.name), failed.message.clone().unwrap_or_default()))
        }
        (Some(why), None) => {
            Some((exercise.test.clone(), why.lines().next().unwrap_or_default().to_string()))
        }
        (None, None) => None,
    }
}

/// Where test `name` (`module::test`, as libtest prints it) is defined in
/// its test file's `source`: the offset of `fn <test>(`, or the end.
fn position_in_source(source: &str, name: &str) -> usize {
    let function = name.rsplit("::").next().unwrap_or(name);
    source.find(&format!("fn {function}(")).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::position_in_source;

    #[test]
    fn tests_are_ordered_as_the_file_lists_them() {
        let source = "#[test]\nfn zeta_first() {}\n#[test]\nfn alpha_second() {}\n";
        assert!(position_in_source(source, "zeta_first") < position_in_source(source, "alpha_second"));
        assert!(position_in_source(source, "checks::alpha_second") < position_in_source(source, "missing"));
    }
}

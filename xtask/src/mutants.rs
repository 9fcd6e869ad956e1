//! `cargo xtask mutants [labN]`: mechanical wrong answers. cargo-mutants
//! replaces function bodies, flips operators and comparisons and deletes
//! statements in the reference answers, and the lab's own tests must catch
//! each change. It cannot follow the `solution` feature's `#[path]` swap, so
//! it runs in a copy of the repository with every reference answer in its
//! student file (as the student's-path stage makes one), mutating only those
//! files. Files that only a guest program compiles (labs 5 and 6) are
//! mutated by `guest_mutants`, from cargo-mutants' listing of each file.
//!
//! A mutant the tests miss must be explained in the lab's `mutants.toml`
//! (`[[survivor]] mutant = "<cargo-mutants' description>" why = "…"`):
//! equivalent (it cannot change behaviour), or not observable by this
//! backend's plain tests (and what does observe it). A mutant that runs into
//! the time limit is a grader that hangs on a wrong answer, and fails too.
//! Too slow for every run of `cargo xtask test`, which only checks that each
//! `mutants.toml` parses and names functions that exist ([`check`]).

use std::path::Path;
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::cmd::Cmd;
use crate::guest_mutants::Outcome;
use crate::labs::Lab;
use crate::table::Table;

/// The cargo-mutants release `cargo xtask mutants` installs and runs.
pub const VERSION: &str = "27.1.0";

/// How long one mutant's build or tests may take before it counts as a hang.
const MUTANT_LIMIT_SECS: u64 = 120;

/// The longest one lab's whole run may take.
const LAB_LIMIT: Duration = Duration::from_secs(40 * 60);

/// A lab's `mutants.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Explanations {
    /// Each mutant the tests are known to miss, and why.
    #[serde(default, rename = "survivor")]
    pub survivors: Vec<Survivor>,
}

/// One explained survivor.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Survivor {
    /// cargo-mutants' description, without the `file:line:column: ` before it.
    pub mutant: String,
    /// Why no test catches it.
    pub why: String,
}

/// Runs cargo-mutants on `only` (or every lab) and prints a table; fails on
/// a survivor or a hang that `mutants.toml` does not explain.
pub fn run(root: &Path, only: Option<&str>) -> Result<String, String> {
    ensure_installed(root)?;
    let (copy, labs, _) = crate::student_sim::prepare(root, "forget-me-not-mutants")?;
    let labs: Vec<&Lab> = labs.iter().filter(|l| only.is_none_or(|name| l.name == name)).collect();
    if labs.is_empty() {
        return Err(format!("no lab named {}", only.unwrap_or("?")));
    }
    let mut table =
        Table::new(&["lab", "mutants", "caught", "unviable", "explained", "unexplained", "hangs", "time"]);
    let mut problems = Vec::new();
    for lab in labs {
        let (reached, outside) = mutable_files(&copy, lab)?;
        if reached.is_empty() && outside.is_empty() {
            let why = "it has no student file with a reference answer";
            eprintln!("mutants: {} skipped: {why}", lab.name);
            table.row([
                lab.name.clone(),
                "skipped".into(),
                "".into(),
                "".into(),
                "".into(),
                "".into(),
                "".into(),
                "".into(),
            ]);
            if only.is_some() {
                problems.push(format!("{}: cannot be mutated: {why}", lab.name));
            }
            continue;
        }
        let started = Instant::now();
        let explained = read_explanations(&root.join(lab.dir.strip_prefix(&copy).unwrap_or(&lab.dir)))?;
        let outcome = run_lab(&copy, lab, &reached, &outside)?;
        let explains = |m: &String| explained.survivors.iter().any(|s| s.mutant == description(m));
        let (known, unknown): (Vec<&String>, Vec<&String>) = outcome.missed.iter().partition(|m| explains(m));
        let hangs: Vec<&String> = outcome.timeout.iter().filter(|m| !explains(m)).collect();
        let total =
            outcome.caught.len() + outcome.missed.len() + outcome.timeout.len() + outcome.unviable.len();
        table.row([
            lab.name.clone(),
            total.to_string(),
            outcome.caught.len().to_string(),
            outcome.unviable.len().to_string(),
            (known.len() + outcome.timeout.len() - hangs.len()).to_string(),
            unknown.len().to_string(),
            hangs.len().to_string(),
            format!("{:.0} s", started.elapsed().as_secs_f64()),
        ]);
        for m in unknown {
            problems.push(format!("{}: survived, not explained in mutants.toml: {m}", lab.name));
        }
        for m in hangs {
            problems.push(format!(
                "{}: the tests hang on this mutant (a wrong answer must fail in seconds): {m}",
                lab.name
            ));
        }
    }
    println!("{table}");
    if problems.is_empty() {
        Ok("every mutant is caught, unviable or explained".into())
    } else {
        Err(problems.join("\n"))
    }
}

/// Installs the pinned cargo-mutants if `cargo mutants --version` is not it.
fn ensure_installed(root: &Path) -> Result<(), String> {
    let installed = Cmd::cargo().args(["mutants", "--version"]).dir(root).capture();
    if installed.is_ok_and(|out| out.success() && out.stdout.contains(VERSION)) {
        return Ok(());
    }
    eprintln!("mutants: installing cargo-mutants {VERSION}");
    Cmd::cargo()
        .args(["install", "--locked", "cargo-mutants", "--version", &format!("={VERSION}")])
        .dir(root)
        .limit(Duration::from_secs(20 * 60))
        .run()
}

/// Every mutant of one lab's student files, each holding its reference
/// answer: cargo-mutants runs those the lab's library reaches (`reached`),
/// `guest_mutants` those only a guest program compiles (`outside`).
fn run_lab(
    copy: &Path,
    lab: &Lab,
    reached: &[std::path::PathBuf],
    outside: &[std::path::PathBuf],
) -> Result<Outcome, String> {
    let output = copy.join("target/mutants").join(&lab.name);
    let _ = std::fs::remove_dir_all(&output);
    std::fs::create_dir_all(&output).map_err(|e| e.to_string())?;
    // The baseline: the reference answers must pass the tests the mutants
    // will meet, or every mutant would count as caught. (cargo-mutants' own
    // baseline tests only the mutated package, not `--test-package`.)
    let mut baseline = Cmd::cargo().args(["test", "-p", &lab.name]);
    for target in lab.meta.mutants_tests.iter().flatten() {
        baseline = baseline.args(["--test", target]);
    }
    let base = baseline.dir(copy).limit(Duration::from_secs(20 * 60)).capture()?;
    if !base.success() {
        return Err(format!(
            "{}: the reference answers fail their own tests, so no mutant can be judged:\n{}",
            lab.name,
            base.stderr
                .lines()
                .rev()
                .take(30)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<Vec<_>>()
                .join("\n")
        ));
    }
    let mut outcome = Outcome::default();
    if !reached.is_empty() {
        outcome = run_cargo_mutants(copy, lab, reached, &output)?;
    }
    if !outside.is_empty() {
        let guest = crate::guest_mutants::run(copy, lab, outside, Duration::from_secs(MUTANT_LIMIT_SECS))?;
        outcome.caught.extend(guest.caught);
        outcome.missed.extend(guest.missed);
        outcome.timeout.extend(guest.timeout);
        outcome.unviable.extend(guest.unviable);
    }
    Ok(outcome)
}

/// cargo-mutants itself, on the student files the lab's library reaches.
fn run_cargo_mutants(
    copy: &Path,
    lab: &Lab,
    files: &[std::path::PathBuf],
    output: &Path,
) -> Result<Outcome, String> {
    let mut cmd = Cmd::cargo()
        .args(["mutants", "--in-place", "--no-shuffle", "--no-config", "--baseline=skip"])
        .args(["--package", lab.meta.mutate.as_deref().unwrap_or(&lab.name), "--test-package", &lab.name])
        .args([
            "--timeout",
            &MUTANT_LIMIT_SECS.to_string(),
            "--build-timeout",
            &MUTANT_LIMIT_SECS.to_string(),
        ])
        .args(["--output"])
        .args([output]);
    for target in lab.meta.mutants_tests.iter().flatten() {
        cmd = cmd.args(["--cargo-test-arg=--test", &format!("--cargo-test-arg={target}")]);
    }
    // As `**/src/<name>`: cargo-mutants names a file by the path it reached
    // it through (`labs/lab3-mpi/ranks/../src/halo.rs` for lab 3), and the
    // name alone would also match a rank program's `bin/halo.rs`.
    for file in files {
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        cmd = cmd.args(["--file", &format!("**/src/{name}")]);
    }
    let out = cmd.dir(copy).limit(LAB_LIMIT).capture()?;
    if out.timed_out {
        return Err(format!(
            "{}: cargo-mutants did not finish within {} min",
            lab.name,
            LAB_LIMIT.as_secs() / 60
        ));
    }
    let read = |name: &str| -> Vec<String> {
        std::fs::read_to_string(output.join("mutants.out").join(name))
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(String::from)
            .collect()
    };
    let outcome = Outcome {
        caught: read("caught.txt"),
        missed: read("missed.txt"),
        timeout: read("timeout.txt"),
        unviable: read("unviable.txt"),
    };
    // cargo-mutants exits non-zero when a mutant survives; only a run that
    // wrote no outcome at all (the unmutated tests failed, say) is broken.
    if outcome.caught.is_empty() && outcome.missed.is_empty() && outcome.unviable.is_empty() {
        return Err(format!(
            "{}: cargo-mutants reported no mutant:\n{}\n{}",
            lab.name, out.stdout, out.stderr
        ));
    }
    Ok(outcome)
}

/// The student files cargo-mutants can reach (modules of the library in the
/// lab's `src/lib.rs`), and those it cannot (built into a guest outside the
/// workspace).
fn mutable_files(
    copy: &Path,
    lab: &Lab,
) -> Result<(Vec<std::path::PathBuf>, Vec<std::path::PathBuf>), String> {
    let lib = std::fs::read_to_string(lab.dir.join("src/lib.rs")).unwrap_or_default();
    let (mut reached, mut outside) = (Vec::new(), Vec::new());
    for file in crate::student_sim::student_files(copy, lab)? {
        let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        if lib.contains(&format!("mod {stem};")) {
            reached.push(file);
        } else {
            outside.push(file);
        }
    }
    Ok((reached, outside))
}

/// `labs/labN-*/src/arc.rs:62:9: replace X with Y` without its location.
fn description(line: &str) -> &str {
    let mut rest = line;
    for _ in 0..3 {
        match rest.split_once(':') {
            Some((_, after)) => rest = after,
            None => return line.trim(),
        }
    }
    rest.trim()
}

/// The function a cargo-mutants description names: `MyArc<T>::strong_count`
/// in `replace MyArc<T>::strong_count -> usize with 0` or in
/// `replace == with != in MyArc<T>::get_mut`.
fn function_of(mutant: &str) -> Option<&str> {
    if let Some((_, function)) = mutant.rsplit_once(" in ") {
        return Some(function.trim());
    }
    let rest = mutant.strip_prefix("replace ")?;
    let end = [rest.find(" -> "), rest.find(" with ")].into_iter().flatten().min()?;
    Some(rest[..end].trim())
}

/// A lab's `mutants.toml`, or none.
fn read_explanations(lab_dir: &Path) -> Result<Explanations, String> {
    let path = lab_dir.join("mutants.toml");
    match std::fs::read_to_string(&path) {
        Ok(text) => toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display())),
        Err(_) => Ok(Explanations::default()),
    }
}

/// For `cargo xtask test`: every lab's `mutants.toml` parses, gives each
/// survivor a reason, and names a function its reference answers define.
pub fn check(root: &Path, labs: &[Lab]) -> Result<String, String> {
    let mut problems = Vec::new();
    let mut count = 0;
    for lab in labs {
        let explained = read_explanations(&lab.dir)?;
        let sources: String = crate::student_sim::reference_answers(&root.join("solutions").join(&lab.name))
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect();
        for s in &explained.survivors {
            count += 1;
            if s.why.trim().is_empty() {
                problems.push(format!("{}/mutants.toml: no reason for {:?}", lab.name, s.mutant));
            }
            match function_of(&s.mutant) {
                Some(function) if defines(&sources, function) => {}
                Some(function) => problems.push(format!(
                    "{}/mutants.toml: {:?} names {function}, which solutions/{}/ does not define",
                    lab.name, s.mutant, lab.name
                )),
                None => problems.push(format!(
                    "{}/mutants.toml: {:?} is not a cargo-mutants description",
                    lab.name, s.mutant
                )),
            }
        }
    }
    if problems.is_empty() {
        Ok(format!("{count} explained survivors in {} labs, each naming a function that exists", labs.len()))
    } else {
        Err(problems.join("\n"))
    }
}

/// Whether `sources` define the function `MyArc<T>::get_mut` (its last
/// path segment, with or without generics: `fn get_mut`).
fn defines(sources: &str, function: &str) -> bool {
    let name = function.rsplit("::").next().unwrap_or(function);
    let name = name.split('<').next().unwrap_or(name).trim();
    ["fn ", "fn\t"].iter().any(|fn_kw| {
        sources.match_indices(&format!("{fn_kw}{name}")).any(|(at, m)| {
            sources[at + m.len()..].chars().next().is_some_and(|c| c == '(' || c == '<' || c.is_whitespace())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_description_loses_its_location() {
        assert_eq!(
            description(
                "labs/lab8-atomic-deallocation/src/arc.rs:62:9: replace MyArc<T>::strong_count -> usize with 0"
            ),
            "replace MyArc<T>::strong_count -> usize with 0"
        );
    }

    #[test]
    fn the_function_is_found_in_each_shape() {
        assert_eq!(
            function_of("replace MyArc<T>::strong_count -> usize with 0"),
            Some("MyArc<T>::strong_count")
        );
        assert_eq!(function_of("replace == with != in MyArc<T>::get_mut"), Some("MyArc<T>::get_mut"));
        assert_eq!(
            function_of("replace <impl Drop for Weak<T>>::drop with ()"),
            Some("<impl Drop for Weak<T>>::drop")
        );
        assert_eq!(function_of("delete ! in Drain<'_, T>::next"), Some("Drain<'_, T>::next"));
        assert_eq!(function_of("something else"), None);
    }

    #[test]
    fn defines_looks_for_the_last_segment() {
        let src = "impl<T> MyArc<T> {\n    pub fn get_mut(this: &mut Self) {}\n    fn get_mutable() {}\n}";
        assert!(defines(src, "MyArc<T>::get_mut"));
        assert!(!defines(src, "MyArc<T>::get"));
        assert!(defines("fn drop(&mut self) {}", "<impl Drop for Weak<T>>::drop"));
    }

    #[test]
    fn explanations_parse() {
        let text = "[[survivor]]\nmutant = \"replace f -> bool with true\"\nwhy = \"equivalent\"\n";
        let e: Explanations = toml::from_str(text).unwrap();
        assert_eq!(e.survivors.len(), 1);
        assert!(toml::from_str::<Explanations>("[[survivor]]\nmutant = \"x\"\nreason = \"y\"\n").is_err());
    }
}

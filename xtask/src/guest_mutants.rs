//! Mutants of the student files that only a guest program compiles (lab 5's
//! QEMU driver, lab 6's WebAssembly write loop and cancel). cargo-mutants
//! finds files through a workspace package's modules, and these are modules
//! of a crate outside the workspace that the lab's tests build; so
//! cargo-mutants only lists each file's mutants (`--Zmutate-file`, which reads
//! one file without a package), and this runs them: it applies each mutant's
//! diff to the student file in the copy, runs the lab's tests under the same
//! time limit, and puts the file back.

use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

use crate::cmd::Cmd;
use crate::labs::Lab;

/// One mutant as `cargo mutants --Zmutate-file … --json` lists it.
#[derive(Deserialize)]
struct Listed {
    /// `file:line:column: replace … with …`.
    name: String,
    /// The unified diff that makes it.
    diff: String,
}

/// What became of each mutant, as cargo-mutants' own outcome files say it.
#[derive(Debug, Default)]
pub struct Outcome {
    pub caught: Vec<String>,
    pub missed: Vec<String>,
    pub timeout: Vec<String>,
    pub unviable: Vec<String>,
}

/// Runs every mutant of `files` (student files of `lab` in `copy`, holding
/// their reference answers) against the lab's tests.
pub fn run(copy: &Path, lab: &Lab, files: &[std::path::PathBuf], limit: Duration) -> Result<Outcome, String> {
    let mut outcome = Outcome::default();
    for file in files {
        let shown = file.strip_prefix(copy).unwrap_or(file).display().to_string();
        for mutant in list(copy, file)? {
            let name = with_path(&mutant.name, &shown);
            eprintln!("mutants: {name}");
            let verdict = run_one(copy, lab, file, &mutant.diff, limit)
                .map_err(|e| format!("{}: {name}: {e}", lab.name))?;
            match verdict {
                Verdict::Caught => outcome.caught.push(name),
                Verdict::Missed => outcome.missed.push(name),
                Verdict::Timeout => outcome.timeout.push(name),
                Verdict::Unviable => outcome.unviable.push(name),
            }
        }
    }
    Ok(outcome)
}

enum Verdict {
    Caught,
    Missed,
    Timeout,
    Unviable,
}

/// cargo-mutants' mutants of one file.
fn list(copy: &Path, file: &Path) -> Result<Vec<Listed>, String> {
    let out = Cmd::cargo()
        .args(["mutants", "--no-config", "--json", "--Zmutate-file"])
        .args([file])
        .dir(copy)
        .limit(Duration::from_secs(60))
        .capture()?;
    if !out.success() {
        return Err(format!("cargo mutants --Zmutate-file {} failed:\n{}", file.display(), out.stderr));
    }
    serde_json::from_str(&out.stdout)
        .map_err(|e| format!("cargo mutants --Zmutate-file {}: unexpected listing: {e}", file.display()))
}

/// `src/transfer.rs:12:5: replace …` named by the file's path in the repository.
fn with_path(name: &str, path: &str) -> String {
    match name.split_once(':') {
        Some((_, rest)) => format!("{path}:{rest}"),
        None => format!("{path}: {name}"),
    }
}

/// Applies one mutant, runs the lab's tests, and restores the file whatever
/// happened.
fn run_one(copy: &Path, lab: &Lab, file: &Path, diff: &str, limit: Duration) -> Result<Verdict, String> {
    let original = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
    let patch = diffy::Patch::from_str(diff).map_err(|e| format!("its diff does not parse: {e}"))?;
    let mutated = diffy::apply(&original, &patch).map_err(|e| format!("its diff does not apply: {e}"))?;
    std::fs::write(file, mutated).map_err(|e| e.to_string())?;
    let mut test = Cmd::cargo().args(["test", "-p", &lab.name]);
    for target in lab.meta.mutants_tests.iter().flatten() {
        test = test.args(["--test", target]);
    }
    let ran = test.dir(copy).limit(limit).capture();
    std::fs::write(file, &original).map_err(|e| format!("putting {} back: {e}", file.display()))?;
    let out = ran?;
    Ok(if out.timed_out {
        Verdict::Timeout
    } else if out.success() {
        Verdict::Missed
    } else if out.stderr.contains("could not compile") || out.stdout.contains("could not compile") {
        // The lab's crate, or the guest its tests build, does not compile.
        Verdict::Unviable
    } else {
        Verdict::Caught
    })
}

#[cfg(test)]
mod tests {
    use super::with_path;

    #[test]
    fn a_mutant_is_named_by_the_repositorys_path() {
        assert_eq!(
            with_path(
                "/tmp/x/labs/lab5-dma-qemu/src/transfer.rs:12:5: replace f with ()",
                "labs/lab5/src/transfer.rs"
            ),
            "labs/lab5/src/transfer.rs:12:5: replace f with ()"
        );
    }
}

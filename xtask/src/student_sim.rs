//! The student's path, end to end: copy the repository, put each reference
//! answer where the student's file of the same name is, and run the lab's
//! tests as a student does (no `solution` feature). Every test must pass.
//! This proves the promise of the lab layout: a student who writes what the
//! solution writes, in the file the stub is in, gets a green lab — no test
//! depends on where the answer lives (file paths in compiler messages, a
//! feature flag, a module path).

use std::path::{Path, PathBuf};

use crate::grading::{self, Expect};
use crate::labs;
use crate::libtest::Files;

/// What is copied: enough of the repository to build and test every lab.
const COPIED: &[&str] =
    &["Cargo.toml", "Cargo.lock", "rust-toolchain.toml", ".cargo", "labs", "solutions", "xtask"];

/// Builds the copy in the system's temporary folder and grades every lab in
/// it. Not under `target/`: trybuild would not recognise the paths in compiler
/// messages as the crate's own. And with its own build folder: cargo names a
/// workspace member's artifacts by its path *relative to the workspace*, so
/// the copy's lab1 and the real lab1 would overwrite each other's builds in a
/// shared `target/`, and the real lab would then run the copy's answers. The
/// copy's `target/` is kept between runs, so only the first run builds the
/// labs' dependencies again.
pub fn run(root: &Path) -> Result<String, String> {
    let (copy, labs, placed) = prepare(root)?;
    let mut exercises = 0;
    for lab in &labs {
        exercises += grading::check_lab_expecting(&copy, lab, Files::Student, Expect::AllPass)
            .map_err(|e| format!("with the reference answers as student files, {e}"))?
            .len();
    }
    Ok(format!("{placed} answers in the students' files: {exercises} exercises pass"))
}

/// The wrong-answers stage: in the same copy, each kept wrong answer in its
/// student file must make the tests it names fail (see `wrong_answers`).
/// `only` limits it to one lab (`lab3`).
pub fn reject_wrong_answers(root: &Path, only: Option<&str>) -> Result<String, String> {
    let (copy, mut labs, _) = prepare(root)?;
    labs.retain(|lab| only.is_none_or(|name| lab.name == name));
    if labs.is_empty() {
        return Err(format!("no lab named {}", only.unwrap_or("?")));
    }
    let lines = crate::wrong_answers::run(&copy, &labs)?;
    for line in &lines {
        eprintln!("  {line}");
    }
    let unsound = lines.iter().filter(|l| l.ends_with("(unsound)")).count();
    Ok(format!("{} wrong answers of {} labs rejected, {unsound} of them unsound", lines.len(), labs.len()))
}

/// Refreshes the copy and puts every reference answer (the `.rs` files
/// directly in `solutions/labN/`, not the kept wrong answers below them) in
/// the student's file of the same name. Returns the copy, its labs and how
/// many answers were placed.
fn prepare(root: &Path) -> Result<(PathBuf, Vec<labs::Lab>, usize), String> {
    let copy = std::env::temp_dir().join("forget-me-not-student-path");
    for item in COPIED {
        let _ = std::fs::remove_dir_all(copy.join(item));
        let _ = std::fs::remove_file(copy.join(item));
        copy_tree(&root.join(item), &copy.join(item))?;
    }
    let labs = labs::discover(&copy)?;
    let mut placed = 0;
    for lab in &labs {
        for answer in reference_answers(&copy.join("solutions").join(&lab.name)) {
            let name = answer.file_name().expect("a file has a name");
            let student_file = lab.dir.join("src").join(name);
            if !student_file.exists() {
                return Err(format!(
                    "solutions/{}/{} has no student file of the same name in src/",
                    lab.name,
                    name.display()
                ));
            }
            std::fs::copy(&answer, &student_file).map_err(|e| e.to_string())?;
            placed += 1;
        }
    }
    Ok((copy, labs, placed))
}

/// The reference answers of a lab: the `.rs` files directly in its folder.
pub fn reference_answers(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "rs"))
        .collect();
    found.sort();
    found
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    if from.is_file() {
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        return std::fs::copy(from, to).map(|_| ()).map_err(|e| format!("{}: {e}", from.display()));
    }
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?.flatten() {
        let name = entry.file_name();
        if name == "target" {
            continue;
        }
        let path: PathBuf = entry.path();
        copy_tree(&path, &to.join(name))?;
    }
    Ok(())
}

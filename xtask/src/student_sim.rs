//! The student's path, end to end: copy the repository, put each reference
//! answer where the student's file of the same name is, and run the lab's
//! tests as a student does (no `solution` feature). Every test must pass.
//! This proves the promise of the lab layout: a student who writes what the
//! solution writes, in the file the stub is in, gets a green lab — no test
//! depends on where the answer lives (file paths in compiler messages, a
//! feature flag, a module path). It first walks the lab in the sheet's order:
//! with only the answers of exercises 1 to K in place (the later files still
//! stubs), exercise K's tests pass, so no grader needs a later exercise.

use std::path::{Path, PathBuf};

use crate::grading::{self, Expect};
use crate::labs;
use crate::libtest::{self, Files};

/// What is copied: enough of the repository to build and test every lab.
const COPIED: &[&str] =
    &["Cargo.toml", "Cargo.lock", "rust-toolchain.toml", ".cargo", "labs", "solutions", "xtask"];

/// The copy's folder in the system's temporary folder.
const STUDENT_PATH: &str = "forget-me-not-student-path";

/// Builds the copy in the system's temporary folder and grades every lab in
/// it. Not under `target/`: trybuild would not recognise the paths in compiler
/// messages as the crate's own. And with its own build folder: cargo names a
/// workspace member's artifacts by its path *relative to the workspace*, so
/// the copy's lab1 and the real lab1 would overwrite each other's builds in a
/// shared `target/`, and the real lab would then run the copy's answers. The
/// copy's `target/` is kept between runs, so only the first run builds the
/// labs' dependencies again.
pub fn run(root: &Path) -> Result<String, String> {
    let (copy, labs) = copy_repository(root, STUDENT_PATH)?;
    let out_of_order: Vec<String> = labs.iter().filter_map(|lab| in_order(&copy, lab).err()).collect();
    if !out_of_order.is_empty() {
        return Err(out_of_order.join("\n"));
    }
    let placed = place_answers(&copy, &labs)?;
    let mut exercises = 0;
    for lab in &labs {
        exercises += grading::check_lab_expecting(&copy, lab, Files::Student, Expect::AllPass)
            .map_err(|e| format!("with the reference answers as student files, {e}"))?
            .len();
    }
    Ok(format!(
        "{placed} answers in the students' files: each exercise passes with the answers up to it, then all {exercises} together"
    ))
}

/// The wrong-answers stage: in the same copy, each kept wrong answer in its
/// student file must make the tests it names fail (see `wrong_answers`).
/// `only` limits it to one lab (`lab3`).
pub fn reject_wrong_answers(root: &Path, only: Option<&str>) -> Result<String, String> {
    let (copy, mut labs, _) = prepare(root, STUDENT_PATH)?;
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
pub fn prepare(root: &Path, folder: &str) -> Result<(PathBuf, Vec<labs::Lab>, usize), String> {
    let (copy, labs) = copy_repository(root, folder)?;
    let placed = place_answers(&copy, &labs)?;
    Ok((copy, labs, placed))
}

/// Refreshes the copy, with the student files as the stubs.
fn copy_repository(root: &Path, folder: &str) -> Result<(PathBuf, Vec<labs::Lab>), String> {
    let copy = std::env::temp_dir().join(folder);
    for item in COPIED {
        let _ = std::fs::remove_dir_all(copy.join(item));
        let _ = std::fs::remove_file(copy.join(item));
        copy_tree(&root.join(item), &copy.join(item))?;
    }
    let labs = labs::discover(&copy)?;
    Ok((copy, labs))
}

/// The student files of a lab that have reference answers.
pub fn student_files(copy: &Path, lab: &labs::Lab) -> Result<Vec<PathBuf>, String> {
    Ok(answers_of(copy, lab)?.into_iter().map(|(_, student_file)| student_file).collect())
}

/// Each answer and the student file it goes in.
fn answers_of(copy: &Path, lab: &labs::Lab) -> Result<Vec<(PathBuf, PathBuf)>, String> {
    let mut pairs = Vec::new();
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
        pairs.push((answer, student_file));
    }
    Ok(pairs)
}

fn place_answers(copy: &Path, labs: &[labs::Lab]) -> Result<usize, String> {
    let mut placed = 0;
    for lab in labs {
        for (answer, student_file) in answers_of(copy, lab)? {
            std::fs::copy(&answer, &student_file).map_err(|e| e.to_string())?;
            placed += 1;
        }
    }
    Ok(placed)
}

/// The sheet's order: for K = 1, 2, …, put in the answers whose stubs start
/// with exercise K (a stub's `todo!` messages say `labN exercise K`), then
/// run exercise K's tests, which must all pass with the later files still
/// stubs.
fn in_order(copy: &Path, lab: &labs::Lab) -> Result<(), String> {
    let mut pending = Vec::new();
    for (answer, student_file) in answers_of(copy, lab)? {
        let stub = std::fs::read_to_string(&student_file).map_err(|e| e.to_string())?;
        let first = first_exercise(&stub, &lab.name).ok_or_else(|| {
            format!("{}: no `{} exercise K` in its todo!() messages", student_file.display(), lab.name)
        })?;
        pending.push((first, answer, student_file));
    }
    for (index, exercise) in lab.meta.exercises.iter().enumerate() {
        for (_, answer, student_file) in pending.iter().filter(|(first, ..)| *first == index + 1) {
            std::fs::copy(answer, student_file).map_err(|e| e.to_string())?;
        }
        if exercise.nightly && !libtest::nightly_available() {
            continue;
        }
        let run = libtest::run(copy, lab, Files::Student, exercise)?;
        grading::judge_solved(exercise, &run).map_err(|e| {
            format!(
                "{}: with the answers of exercises 1 to {} only, {e}: its graders need a later exercise's answer",
                lab.name,
                index + 1
            )
        })?;
    }
    Ok(())
}

/// The lowest K of the `<lab> exercise K` mentions in a stub.
fn first_exercise(stub: &str, lab: &str) -> Option<usize> {
    let needle = format!("{lab} exercise ");
    stub.match_indices(&needle)
        .filter_map(|(at, _)| {
            let digits: String = stub[at + needle.len()..].chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .min()
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

#[cfg(test)]
mod tests {
    use super::first_exercise;

    #[test]
    fn a_stub_belongs_to_its_first_exercise() {
        let stub = r#"todo!("lab8 exercise 2: weak"); todo!("lab8 exercise 1: new"); // lab80 exercise 0"#;
        assert_eq!(first_exercise(stub, "lab8"), Some(1));
        assert_eq!(first_exercise("todo!()", "lab8"), None);
    }
}

//! The student's path, end to end: copy the repository, put each reference
//! answer where the student's file of the same name is, and run the lab's
//! tests as a student does (no `solution` feature). Every test must pass.
//! This proves the promise of the lab layout: a student who writes what the
//! solution writes, in the file the stub is in, gets a green lab — no test
//! depends on where the answer lives (file paths in compiler messages, a
//! feature flag, a module path). It first walks the lab in the sheet's order,
//! function by function: with only the functions of exercises 1 to K written
//! (every later function still its stub), exercise K's tests pass, so no
//! grader needs a later exercise.

use std::path::{Path, PathBuf};

use crate::grading::{self, Expect};
use crate::labs;
use crate::libtest::{self, Files};
use crate::stub_functions;

/// What is copied: enough of the repository to build and test every lab.
const COPIED: &[&str] =
    &["Cargo.toml", "Cargo.lock", "rust-toolchain.toml", ".cargo", "labs", "solutions", "support", "xtask"];

/// The copy's folder in the system's temporary folder.
pub const STUDENT_PATH: &str = "forget-me-not-student-path";

/// Builds the copy in the system's temporary folder and grades every lab in
/// it. Not under `target/`: trybuild would not recognise the paths in compiler
/// messages as the crate's own. And with its own build folder: cargo names a
/// workspace member's artifacts by its path *relative to the workspace*, so
/// the copy's lab1 and the real lab1 would overwrite each other's builds in a
/// shared `target/`, and the real lab would then run the copy's answers. The
/// copy's `target/` is kept between runs, and a new one starts with the
/// repository's third-party builds (`seed_build`), so the labs' dependencies
/// are not built a second time.
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
        crate::walk::copy_tree(&root.join(item), &copy.join(item), &["target"], crate::walk::Copy::Fresh)?;
    }
    crate::seed_build::seed(root, &copy, &labs::workspace_packages(root)?)?;
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

/// The sheet's order, function by function, as a student works: for
/// K = 1, 2, …, every student file holds the reference answer's functions of
/// exercises 1 to K and the stub's functions of every later exercise (a stub
/// function's `todo!` says `labN exercise K`; see `stub_functions`), and
/// exercise K's tests must all pass.
fn in_order(copy: &Path, lab: &labs::Lab) -> Result<(), String> {
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let mut files = Vec::new();
    for (answer, student_file) in answers_of(copy, lab)? {
        let stub = read(&student_file)?;
        if stub_functions::first_exercise(&stub, &lab.name).is_none() {
            return Err(format!(
                "{}: no `{} exercise K` in its todo!() messages",
                student_file.display(),
                lab.name
            ));
        }
        files.push((read(&answer)?, stub, student_file));
    }
    for (index, exercise) in lab.meta.exercises.iter().enumerate() {
        let upto = index + 1;
        for (answer, stub, student_file) in &files {
            let written = stub_functions::compose(answer, stub, &lab.name, upto)
                .map_err(|e| format!("{}: {e}", student_file.display()))?;
            std::fs::write(student_file, written).map_err(|e| e.to_string())?;
        }
        if exercise.nightly && !libtest::nightly_available() {
            continue;
        }
        let run = libtest::run(copy, lab, Files::Student, exercise)?;
        grading::judge_solved(exercise, &run).map_err(|e| {
            format!(
                "{}: with the functions of exercises 1 to {upto} written and the later ones still stubs, {e}: \
                 its graders need a later exercise's answer",
                lab.name
            )
        })?;
    }
    Ok(())
}

/// The reference answers of a lab: the `.rs` files directly in its folder.
pub fn reference_answers(dir: &Path) -> Vec<PathBuf> {
    crate::walk::entries(dir)
        .into_iter()
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "rs"))
        .collect()
}

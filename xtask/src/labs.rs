//! The labs, as their `Cargo.toml` files describe them: every workspace
//! package named `labN` with a `[package.metadata.lab]` table that gives its
//! title, its lab sheet in the book and one entry per exercise.

use std::path::Path;

use serde::Deserialize;

use crate::cmd::Cmd;

/// One lab crate.
#[derive(Debug, Clone)]
pub struct Lab {
    /// Package name, `lab1` …
    pub name: String,
    /// The lab's folder.
    pub dir: std::path::PathBuf,
    /// Its number, for sorting.
    pub number: u32,
    /// What `[package.metadata.lab]` says about it.
    pub meta: LabMeta,
    /// Set when the metadata and the test targets disagree.
    pub problem: Option<String>,
}

/// `[package.metadata.lab]` in a lab's `Cargo.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct LabMeta {
    /// The lab's title as the book prints it.
    pub title: String,
    /// The lab sheet, as a path of the built book (`labs/lab1.html`).
    pub sheet: String,
    /// Whether `cargo xtask test` runs the lab's tests under Miri.
    #[serde(default)]
    pub miri: bool,
    /// `MIRIFLAGS` for that run (`-Zmiri-ignore-leaks` for a lab that leaks on purpose).
    #[serde(default)]
    pub miri_flags: Option<String>,
    /// The cargo feature that turns on the lab's nightly-only exercises.
    #[serde(default)]
    pub nightly_feature: Option<String>,
    /// The package that compiles the student's files when it is not the
    /// lab itself (lab 3's rank programs): `cargo xtask mutants` mutates it
    /// and runs the lab's tests.
    #[serde(default)]
    pub mutate: Option<String>,
    /// The test targets `cargo xtask mutants` runs against each mutant, if
    /// not all (a compile-fail target that rebuilds a C binding's crate for
    /// every mutant checks bounds, which mutants of function bodies keep).
    #[serde(default)]
    pub mutants_tests: Option<Vec<String>>,
    /// Demonstrations of a hazard whose output the book shows.
    #[serde(default, rename = "demo")]
    pub demos: Vec<Demo>,
    /// The exercises, in order.
    #[serde(rename = "exercise")]
    pub exercises: Vec<Exercise>,
}

/// One exercise: one integration-test target in `tests/`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    /// The test target (file stem in `tests/`).
    pub test: String,
    /// What the student builds.
    pub title: String,
    /// Where the book explains it (a path of the built book, with anchor).
    pub book: String,
    /// The student's files it asks for (`src/arc.rs`), as its sheet's `File:`
    /// line names them; none for an exercise with no file of its own.
    #[serde(default)]
    pub files: Vec<String>,
    /// Runs only on nightly, with the lab's `nightly-feature`.
    #[serde(default)]
    pub nightly: bool,
    /// Beyond the lab's core: its sheet heads it `Exercise K (stretch): …`,
    /// and a workshop row that takes the whole sheet leaves its minutes out.
    #[serde(default)]
    pub stretch: bool,
}

/// A demonstration: a command whose output proves a hazard is real (Miri's
/// report, a clobbered canary). The book includes its transcript, and
/// `cargo xtask test` re-runs it and checks the output still says so.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Demo {
    /// A short name (`forgotten-guard`).
    pub name: String,
    /// Arguments to `cargo` (run from the repository root), e.g.
    /// `["+nightly", "miri", "run", "-p", "lab2", "--example", "forgotten_guard"]`.
    pub cargo: Vec<String>,
    /// Text the output must contain (`Undefined Behavior`).
    pub expect: Vec<String>,
    /// The recorded output, relative to the lab's folder; the book includes it.
    pub transcript: String,
    /// `MIRIFLAGS` for the run, if it uses Miri.
    #[serde(default)]
    pub miri_flags: Option<String>,
}

/// Every workspace package with a `solution` feature (the labs and any
/// crate that compiles a lab's files, such as a lab's MPI rank programs).
pub fn solution_packages(root: &Path) -> Result<Vec<String>, String> {
    Ok(metadata(root)?
        .packages
        .into_iter()
        .filter(|p| p.features.contains_key("solution"))
        .map(|p| p.name)
        .collect())
}

/// The names of the workspace's own packages.
pub fn workspace_packages(root: &Path) -> Result<Vec<String>, String> {
    Ok(metadata(root)?.packages.into_iter().map(|p| p.name).collect())
}

/// `cargo metadata --no-deps --offline` in `dir` (under `Cmd`'s time limit),
/// read with the `cargo_metadata` crate's types: the one reading of it.
pub fn metadata(dir: &Path) -> Result<cargo_metadata::Metadata, String> {
    let out = Cmd::cargo()
        .args(["metadata", "--no-deps", "--offline", "--format-version", "1"])
        .dir(dir)
        .capture()?;
    if !out.success() {
        return Err(format!("cargo metadata failed:\n{}", out.stderr));
    }
    cargo_metadata::MetadataCommand::parse(&out.stdout).map_err(|e| e.to_string())
}

/// A package's `[package.metadata.lab]` table, if it has one.
fn lab_table(package: &cargo_metadata::Package) -> Result<Option<LabMeta>, String> {
    match package.metadata.get("lab") {
        None => Ok(None),
        Some(table) => serde_json::from_value(table.clone())
            .map(Some)
            .map_err(|e| format!("{}: [package.metadata.lab]: {e}", package.name)),
    }
}

/// Every lab in the workspace, in number order. A lab whose metadata and test
/// targets disagree carries a `problem` (see [`consistency`]).
pub fn discover(root: &Path) -> Result<Vec<Lab>, String> {
    let metadata = metadata(root)?;
    let mut labs = Vec::new();
    for package in metadata.packages {
        let Some(number) = package.name.strip_prefix("lab").and_then(|n| n.parse::<u32>().ok()) else {
            continue;
        };
        let dir = package.manifest_path.parent().map(|d| d.as_std_path().to_path_buf()).unwrap_or_default();
        let Some(meta) = lab_table(&package)? else {
            let problem = Some(format!("{} has no [package.metadata.lab] table", package.name));
            let meta = LabMeta { title: package.name.clone(), ..LabMeta::default() };
            labs.push(Lab { name: package.name, number, dir, meta, problem });
            continue;
        };
        let tests: Vec<&str> = package
            .targets
            .iter()
            .filter(|t| t.kind.iter().any(|k| k == "test"))
            .map(|t| t.name.as_str())
            .collect();
        let problem = consistency(&package.name, &meta, &tests);
        labs.push(Lab { name: package.name, number, dir, meta, problem });
    }
    labs.sort_by_key(|lab| lab.number);
    Ok(labs)
}

/// Every exercise names a test target and every test target belongs to an
/// exercise, so the unsolved check and `progress` see every test.
fn consistency(lab: &str, meta: &LabMeta, tests: &[&str]) -> Option<String> {
    for exercise in &meta.exercises {
        if !tests.contains(&exercise.test.as_str()) {
            return Some(format!("{lab}: exercise `{}` names no test target in tests/", exercise.test));
        }
    }
    tests
        .iter()
        .find(|test| !meta.exercises.iter().any(|e| e.test == **test))
        .map(|test| format!("{lab}: tests/{test}.rs belongs to no exercise in [package.metadata.lab]"))
}

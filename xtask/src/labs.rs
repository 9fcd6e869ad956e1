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
    /// Its number, for sorting.
    pub number: u32,
    /// What `[package.metadata.lab]` says about it.
    pub meta: LabMeta,
}

/// `[package.metadata.lab]` in a lab's `Cargo.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct LabMeta {
    /// The lab's title as the book prints it.
    pub title: String,
    /// The lab sheet, as a path of the built book (`labs/lab1.html`).
    pub sheet: String,
    /// Whether `cargo xtask test` runs the lab's tests under Miri.
    #[serde(default)]
    pub miri: bool,
    /// The exercises, in order.
    #[serde(rename = "exercise")]
    pub exercises: Vec<Exercise>,
}

/// One exercise: one integration-test target in `tests/`.
#[derive(Debug, Clone, Deserialize)]
pub struct Exercise {
    /// The test target (file stem in `tests/`).
    pub test: String,
    /// What the student builds.
    pub title: String,
    /// Where the book explains it (a path of the built book, with anchor).
    pub book: String,
}

#[derive(Deserialize)]
struct Metadata {
    packages: Vec<Package>,
}

#[derive(Deserialize)]
struct Package {
    name: String,
    #[serde(default)]
    metadata: Option<PackageMetadata>,
    targets: Vec<Target>,
}

#[derive(Deserialize)]
struct PackageMetadata {
    lab: Option<LabMeta>,
}

#[derive(Deserialize)]
struct Target {
    name: String,
    kind: Vec<String>,
}

/// Every lab in the workspace, in number order. Fails when a lab's metadata
/// and its test targets disagree (an exercise without tests, or tests that
/// belong to no exercise), so the unsolved check and `progress` see them all.
pub fn discover(root: &Path) -> Result<Vec<Lab>, String> {
    let out = Cmd::cargo()
        .args(["metadata", "--no-deps", "--format-version", "1"])
        .dir(root)
        .capture()?;
    if !out.success() {
        return Err(format!("cargo metadata failed:\n{}", out.stderr));
    }
    let metadata: Metadata = serde_json::from_str(&out.stdout).map_err(|e| e.to_string())?;
    let mut labs = Vec::new();
    for package in metadata.packages {
        let Some(number) = package.name.strip_prefix("lab").and_then(|n| n.parse::<u32>().ok()) else {
            continue;
        };
        let meta = package
            .metadata
            .and_then(|m| m.lab)
            .ok_or_else(|| format!("{} has no [package.metadata.lab] table", package.name))?;
        let tests: Vec<&str> = package
            .targets
            .iter()
            .filter(|t| t.kind.iter().any(|k| k == "test"))
            .map(|t| t.name.as_str())
            .collect();
        for exercise in &meta.exercises {
            if !tests.contains(&exercise.test.as_str()) {
                return Err(format!("{}: exercise `{}` names no test target in tests/", package.name, exercise.test));
            }
        }
        for test in &tests {
            if !meta.exercises.iter().any(|e| e.test == *test) {
                return Err(format!("{}: tests/{test}.rs belongs to no exercise in [package.metadata.lab]", package.name));
            }
        }
        labs.push(Lab { name: package.name, number, meta });
    }
    labs.sort_by_key(|lab| lab.number);
    Ok(labs)
}

//! A new copy of the workspace starts with the third-party crates already
//! built: its `target/debug` is seeded from the repository's, less every
//! artifact of the workspace's own packages. The copy builds the labs for the
//! same features as the unsolved check did in the repository, so wasmtime,
//! mpi, io-uring and the rest are fresh there and only the labs compile
//! again; a package whose fingerprint is missing is always rebuilt, so no
//! build of the repository's own files can stand in for the copy's. The
//! seeded files are hard links where the file system allows (gigabytes
//! shared, not written again): the copy's cargo only reads them, since
//! their fingerprints are fresh.

use std::path::Path;

/// The folders of `target/debug` that hold what cargo reuses: fingerprints,
/// build-script outputs and compiled crates (not `incremental/`, which only
/// the workspace's own packages use, nor uplifted binaries).
const REUSED: &[&str] = &[".fingerprint", "build", "deps"];

/// Seeds `copy/target/debug` from `root/target/debug` when the copy has no
/// build folder yet. `members` are the workspace's package names. Returns how
/// many files it linked or copied (0 when there was nothing to do).
pub fn seed(root: &Path, copy: &Path, members: &[String]) -> Result<usize, String> {
    let from = root.join("target").join("debug");
    let to = copy.join("target").join("debug");
    if to.exists() || !from.exists() {
        return Ok(0);
    }
    let prefixes: Vec<String> = members
        .iter()
        .flat_map(|name| {
            let crate_name = name.replace('-', "_");
            [format!("{name}-"), format!("{crate_name}-"), format!("lib{crate_name}-")]
        })
        .collect();
    let own = |file_name: &str| prefixes.iter().any(|p| file_name.starts_with(p.as_str()));
    let mut copied = 0;
    for folder in REUSED {
        for path in crate::walk::entries(&from.join(folder)) {
            let name = path.file_name().unwrap_or_default();
            if own(&name.to_string_lossy()) {
                continue;
            }
            copied +=
                crate::walk::copy_tree(&path, &to.join(folder).join(name), &[], crate::walk::Copy::Linked)?;
        }
    }
    Ok(copied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workspaces_own_artifacts_stay_behind() {
        let root = std::env::temp_dir().join(format!("seed-build-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let repo = root.join("repo");
        let copy = root.join("copy");
        let debug = repo.join("target/debug");
        for file in [
            ".fingerprint/lab1-destruction-guarantee-0123/lib-lab1",
            ".fingerprint/wasmtime-4567/lib-wasmtime",
            "deps/liblab1_destruction_guarantee-0123.rlib",
            "deps/libwasmtime-4567.rlib",
            "build/mpi-sys-89ab/output",
            "incremental/lab1_destruction_guarantee-0123/s-1",
        ] {
            std::fs::create_dir_all(debug.join(file).parent().unwrap()).unwrap();
            std::fs::write(debug.join(file), "x").unwrap();
        }
        let members = ["lab1-destruction-guarantee".to_string()];
        assert_eq!(seed(&repo, &copy, &members).unwrap(), 3);
        let seeded = copy.join("target/debug");
        assert!(seeded.join("deps/libwasmtime-4567.rlib").exists());
        assert!(seeded.join("build/mpi-sys-89ab/output").exists());
        assert!(!seeded.join("deps/liblab1_destruction_guarantee-0123.rlib").exists());
        assert!(!seeded.join(".fingerprint/lab1-destruction-guarantee-0123").exists());
        assert!(!seeded.join("incremental").exists());
        assert_eq!(seed(&repo, &copy, &members).unwrap(), 0, "a copy with a build folder is left alone");
        std::fs::remove_dir_all(&root).unwrap();
    }
}

//! Walking folders: finding files by extension (the `pages` crate's walk,
//! which every check and both book-test build scripts use) and copying a
//! tree, both on walkdir.

use std::path::Path;

pub use pages::files_with_extension;

/// Copies `from` (a file or a folder's tree) to `to`, leaving out every
/// entry named in `skip` (a build folder, say). With `keep_times`, each file
/// keeps its modification time (cargo compares a build output's time with
/// its inputs). Returns how many files it copied.
pub fn copy_tree(from: &Path, to: &Path, skip: &[&str], keep_times: bool) -> Result<usize, String> {
    let fail = |path: &Path, e: &dyn std::fmt::Display| format!("copying {}: {e}", path.display());
    let mut copied = 0;
    let walk = walkdir::WalkDir::new(from).into_iter().filter_entry(|entry| {
        entry.depth() == 0 || !skip.iter().any(|name| entry.file_name() == std::ffi::OsStr::new(name))
    });
    for entry in walk {
        let entry = entry.map_err(|e| fail(from, &e))?;
        let relative = entry.path().strip_prefix(from).unwrap_or(Path::new(""));
        let target = if relative.as_os_str().is_empty() { to.to_path_buf() } else { to.join(relative) };
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).map_err(|e| fail(&target, &e))?;
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| fail(parent, &e))?;
        }
        std::fs::copy(entry.path(), &target).map_err(|e| fail(entry.path(), &e))?;
        if keep_times {
            let modified = std::fs::metadata(entry.path())
                .and_then(|m| m.modified())
                .map_err(|e| fail(entry.path(), &e))?;
            std::fs::File::options()
                .write(true)
                .open(&target)
                .and_then(|f| f.set_modified(modified))
                .map_err(|e| fail(&target, &e))?;
        }
        copied += 1;
    }
    Ok(copied)
}

#[cfg(test)]
mod tests {
    use super::copy_tree;

    #[test]
    fn a_tree_is_copied_without_the_skipped_folders() {
        let root = std::env::temp_dir().join(format!("walk-copy-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for file in ["from/a.rs", "from/sub/b.rs", "from/target/debug/x", "from/sub/target/y"] {
            std::fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
            std::fs::write(root.join(file), "x").unwrap();
        }
        assert_eq!(copy_tree(&root.join("from"), &root.join("to"), &["target"], true).unwrap(), 2);
        assert!(root.join("to/sub/b.rs").exists() && !root.join("to/target").exists());
        assert!(!root.join("to/sub/target").exists());
        assert_eq!(copy_tree(&root.join("from/a.rs"), &root.join("one.rs"), &[], false).unwrap(), 1);
        std::fs::remove_dir_all(&root).unwrap();
    }
}

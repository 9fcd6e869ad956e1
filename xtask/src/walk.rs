//! Walking folders: finding files by extension (the `pages` crate's walk,
//! which every check and both book-test build scripts use), listing one
//! folder, and copying a tree on walkdir.

use std::path::Path;

pub use pages::files_with_extension;

/// What `dir` holds (one level, not its subfolders' contents), sorted by
/// name; nothing when it cannot be read (a folder that does not exist).
pub fn entries(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> =
        std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()).collect();
    found.sort();
    found
}

/// How [`copy_tree`] makes each file.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Copy {
    /// A new file with the same bytes, modified now.
    Fresh,
    /// A hard link to the same file where the file system allows one (time
    /// and bytes shared, nothing written), else a new file with the same
    /// bytes and modification time (cargo compares a build output's time
    /// with its inputs'): for build outputs that the copy only reads.
    Linked,
}

/// Copies `from` (a file or a folder's tree) to `to`, leaving out every
/// entry named in `skip` (a build folder, say), each file made as `how`
/// says. Returns how many files it copied.
pub fn copy_tree(from: &Path, to: &Path, skip: &[&str], how: Copy) -> Result<usize, String> {
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
        if how == Copy::Linked && std::fs::hard_link(entry.path(), &target).is_ok() {
            copied += 1;
            continue;
        }
        std::fs::copy(entry.path(), &target).map_err(|e| fail(entry.path(), &e))?;
        if how != Copy::Fresh {
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
    use super::{Copy, copy_tree};

    #[test]
    fn a_tree_is_copied_without_the_skipped_folders() {
        let root = std::env::temp_dir().join(format!("walk-copy-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for file in ["from/a.rs", "from/sub/b.rs", "from/target/debug/x", "from/sub/target/y"] {
            std::fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
            std::fs::write(root.join(file), "x").unwrap();
        }
        assert_eq!(copy_tree(&root.join("from"), &root.join("to"), &["target"], Copy::Linked).unwrap(), 2);
        assert!(root.join("to/sub/b.rs").exists() && !root.join("to/target").exists());
        assert!(!root.join("to/sub/target").exists());
        assert_eq!(copy_tree(&root.join("from/a.rs"), &root.join("one.rs"), &[], Copy::Fresh).unwrap(), 1);
        assert_eq!(
            copy_tree(&root.join("from/a.rs"), &root.join("linked.rs"), &[], Copy::Linked).unwrap(),
            1
        );
        {
            use std::os::unix::fs::MetadataExt;
            let inode = |name: &str| std::fs::metadata(root.join(name)).unwrap().ino();
            assert_eq!(inode("linked.rs"), inode("from/a.rs"), "a linked file is the same file");
            assert_ne!(inode("one.rs"), inode("from/a.rs"), "a copied file is a new one");
        }
        std::fs::remove_dir_all(&root).unwrap();
    }
}

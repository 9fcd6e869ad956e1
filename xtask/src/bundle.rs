//! `cargo xtask bundle`: one archive for a room without a network,
//! `target/forget-me-not-bundle.tar.gz`, holding
//!
//! - `book/`: the built HTML book, which works from `file://` (mdBook's
//!   search loads `searchindex.js` as a script, which `file://` allows);
//! - `forget-me-not.pdf`: the print page rendered by headless Chromium,
//!   with its diagrams;
//! - `workspace/`: the committed lab workspace with the stubs students
//!   start from (no `solutions/`), as `git archive` gives it.

use std::path::Path;
use std::time::Duration;

use crate::cmd::Cmd;

/// What the archive is called, under `target/`.
pub const ARCHIVE: &str = "forget-me-not-bundle.tar.gz";

/// Builds the book and writes the archive; returns what it holds.
pub fn write(root: &Path) -> Result<String, String> {
    crate::book::build(root)?;
    let stage = root.join("target/bundle/forget-me-not");
    let _ = std::fs::remove_dir_all(&stage);
    std::fs::create_dir_all(stage.join("workspace")).map_err(|e| format!("{}: {e}", stage.display()))?;
    crate::walk::copy_tree(&root.join("book"), &stage.join("book"), &[], crate::walk::Copy::Fresh)?;
    let pdf = crate::browser::pdf(root, &stage.join("book"), &stage.join("forget-me-not.pdf"))?;
    let tar = stage.parent().expect("stage has a parent").join("workspace.tar");
    Cmd::new("git")
        .args(["archive", "--format=tar", "-o"])
        .args([&tar])
        .args(["HEAD", "--", ".", ":(exclude)solutions", ":(exclude).github"])
        .dir(root)
        .limit(Duration::from_secs(120))
        .run()?;
    Cmd::new("tar").args(["-xf"]).args([&tar]).args(["-C"]).args([stage.join("workspace")]).run()?;
    let _ = std::fs::remove_file(&tar);
    std::fs::write(stage.join("README.txt"), README).map_err(|e| e.to_string())?;
    let archive = root.join("target").join(ARCHIVE);
    Cmd::new("tar")
        .args(["-czf"])
        .args([&archive])
        .args(["-C"])
        .args([stage.parent().expect("stage has a parent")])
        .args(["forget-me-not"])
        .limit(Duration::from_secs(300))
        .run()?;
    let size = std::fs::metadata(&archive).map(|m| m.len() / (1024 * 1024)).unwrap_or(0);
    Ok(format!("{} ({size} MiB): book/ for file://, {pdf}, workspace/ with the stubs", archive.display()))
}

const README: &str = "Forget-me-not, offline\n\
\n\
book/index.html     open in any browser; search works from file://\n\
forget-me-not.pdf   the whole book, printed\n\
workspace/          the labs with their stubs: cd workspace && cargo xtask doctor\n\
\n\
The labs' crates come from crates.io: run `cargo fetch` in workspace/ once\n\
while a network is there (or use the devcontainer image, which has them).\n";

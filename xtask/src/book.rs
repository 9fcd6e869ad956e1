//! `cargo xtask book` and `serve`: build the book with the pinned mdBook
//! toolchain, treating every warning as an error and checking every internal
//! link of the result.

use std::path::Path;
use std::time::Duration;

use crate::cmd::Cmd;
use crate::links;

/// Builds the book into `book/`. Fails on any warning or error mdBook or a
/// preprocessor prints, and on a broken internal link.
pub fn build(root: &Path) -> Result<(), String> {
    let out = Cmd::new("mdbook").args(["build"]).dir(root).limit(Duration::from_secs(10 * 60)).capture()?;
    let complaints: Vec<&str> = out
        .stderr
        .lines()
        .chain(out.stdout.lines())
        .filter(|line| line.contains("WARN") || line.contains("ERROR") || line.contains("error:"))
        .collect();
    if !out.success() || !complaints.is_empty() {
        return Err(format!("mdbook build reported problems:\n{}\n{}", complaints.join("\n"), out.stderr.trim()));
    }
    let checked = links::check(&root.join("book"))?;
    eprintln!("  book built in book/; {checked} internal links checked");
    Ok(())
}

/// Serves the book on http://localhost:3000 and rebuilds it on every change.
pub fn serve(root: &Path, open: bool) -> Result<(), String> {
    let mut cmd = Cmd::new("mdbook").args(["serve", "--port", "3000"]).dir(root);
    if open {
        cmd = cmd.args(["--open"]);
    }
    eprintln!("Serving the book on http://localhost:3000 (Ctrl-C stops it)");
    cmd.limit(Duration::from_secs(7 * 24 * 3600)).run()
}

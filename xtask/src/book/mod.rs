//! `cargo xtask book` and `serve`: build the book with the pinned mdBook
//! toolchain, treating every warning as an error. (`cargo xtask browser`
//! checks the built pages' links and anchors, in Chromium.)

pub mod code;
pub mod commands;

use std::path::Path;
use std::time::Duration;

use crate::cmd::Cmd;
use crate::links;

/// Builds the book into `book/`. Fails on any warning or error mdBook or a
/// preprocessor prints.
pub fn build(root: &Path) -> Result<(), String> {
    let out = Cmd::new("mdbook").args(["build"]).dir(root).limit(Duration::from_secs(10 * 60)).capture()?;
    let complaints: Vec<&str> = out
        .stderr
        .lines()
        .chain(out.stdout.lines())
        .filter(|line| line.contains("WARN") || line.contains("ERROR") || line.contains("error:"))
        .collect();
    if !out.success() || !complaints.is_empty() {
        return Err(format!(
            "mdbook build reported problems:\n{}\n{}",
            complaints.join("\n"),
            out.stderr.trim()
        ));
    }
    eprintln!("  book built in book/ (its links are checked by `cargo xtask browser`)");
    Ok(())
}

/// Checks that every lab's sheet and every exercise's book link name a page
/// (and heading) of the built book, so `progress` never points nowhere.
pub fn check_lab_links(root: &Path, labs: &[crate::labs::Lab]) -> Result<String, String> {
    let book = root.join("book");
    let mut broken = Vec::new();
    let mut count = 0;
    for lab in labs {
        let targets = std::iter::once(&lab.meta.sheet).chain(lab.meta.exercises.iter().map(|e| &e.book));
        for target in targets {
            count += 1;
            if let Err(why) = links::resolve(&book, target) {
                broken.push(format!("{}: {target} ({why})", lab.name));
            }
        }
    }
    if broken.is_empty() {
        Ok(format!("no warnings; {count} lab links resolve"))
    } else {
        Err(format!("lab metadata points at missing pages:\n  {}", broken.join("\n  ")))
    }
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

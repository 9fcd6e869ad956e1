//! The book's code blocks: skeptic runs them (package `book-skeptic`),
//! rustdoc checks the `compile_fail` ones (package `book-tests`, whose build
//! script also checks includes and `ignore` reasons), and a page of broken
//! blocks proves that both halves can fail.

use std::path::Path;

use crate::cmd::Cmd;
use crate::libtest::{self, Outcome};

/// Where the page of deliberately broken blocks lives, relative to the root.
const BROKEN_BOOK: &str = "xtask/book-tests/fixtures/broken-book";

/// skeptic's build folder, relative to the root. skeptic hands rustc the
/// crates it finds in its build folder, and rustc refuses a crate with two
/// builds there ("multiple candidates"): in the shared `target/`, the labs
/// build some of the same crates with other features. This folder holds
/// `book-skeptic`'s build only.
const SKEPTIC_TARGET: &str = "target/skeptic";

/// `cargo test -p book-skeptic` in its own build folder, with the page
/// folder `book_src` (relative to the root) when given.
fn skeptic(root: &Path, book_src: Option<&str>) -> Cmd {
    let cmd = Cmd::cargo()
        .args(["test", "-p", "book-skeptic", "--test", "skeptic", "--target-dir", SKEPTIC_TARGET])
        .dir(root);
    match book_src {
        Some(dir) => cmd.env("FORGET_ME_NOT_BOOK_SRC", dir),
        None => cmd,
    }
}

/// Runs every block; prints how many each tool checked and why the rest are
/// not compiled here.
pub fn test(root: &Path) -> Result<String, String> {
    let skeptic_run = skeptic(root, None).capture()?;
    let results = libtest::parse(&skeptic_run.stdout);
    if !skeptic_run.success() {
        let failed: Vec<&str> =
            results.iter().filter(|r| r.outcome == Outcome::Failed).map(|r| r.name.as_str()).collect();
        return Err(format!(
            "skeptic: {} book block(s) failed: {}\n{}{}",
            failed.len(),
            failed.join(", "),
            skeptic_run.stdout,
            skeptic_run.stderr
        ));
    }
    let ran = results.iter().filter(|r| r.outcome == Outcome::Passed).count();
    Cmd::cargo().args(["test", "--quiet", "-p", "book-tests", "--doc"]).dir(root).run()?;
    let report = Cmd::cargo()
        .args(["test", "--quiet", "-p", "book-tests", "--lib", "--", "--nocapture", "--test-threads=1"])
        .dir(root)
        .capture()?;
    if !report.success() {
        return Err(format!("book-tests unit tests failed:\n{}{}", report.stdout, report.stderr));
    }
    let start = report.stdout.find("book code blocks:").ok_or("the book-tests report printed nothing")?;
    let summary: Vec<&str> = report.stdout[start..]
        .lines()
        .take_while(|l| l.starts_with("book code") || l.starts_with("  "))
        .collect();
    eprintln!("{}", summary.join("\n"));
    let census = summary[0].trim_start_matches("book code blocks: ").trim_end_matches(':');
    let expected = census.split(" for skeptic").next().and_then(|n| n.parse::<usize>().ok());
    if expected != Some(ran) {
        return Err(format!("skeptic ran {ran} blocks, but the book has {census}"));
    }
    Ok(format!("skeptic ran {ran} blocks; {}", census.split_once(", ").map_or(census, |(_, rest)| rest)))
}

/// Builds both halves from the broken fixture page and checks that exactly
/// its three broken blocks fail while its good block passes: skeptic fails
/// the block that does not compile (line 7) and the one that panics (15) and
/// passes the good one (19); rustdoc fails the `compile_fail` block that
/// compiles (11).
pub fn self_test(root: &Path) -> Result<String, String> {
    let skeptic_run = skeptic(root, Some(BROKEN_BOOK)).capture()?;
    let doc_run = Cmd::cargo()
        .args(["test", "-p", "book-tests", "--doc"])
        .env("FORGET_ME_NOT_BOOK_SRC", BROKEN_BOOK)
        .dir(root)
        .capture()?;
    if skeptic_run.success() || doc_run.success() {
        return Err("the book's code check passed a page of broken blocks: it cannot fail".into());
    }
    let verdict = |stdout: &str, line: usize| {
        libtest::parse(stdout)
            .into_iter()
            .find(|r| {
                r.name.ends_with(&format!("_line_{line}")) || r.name.contains(&format!("broken_line_{line} "))
            })
            .map(|r| r.outcome)
    };
    let expected = [
        (&skeptic_run.stdout, "skeptic", 7, Outcome::Failed),
        (&doc_run.stdout, "rustdoc", 11, Outcome::Failed),
        (&skeptic_run.stdout, "skeptic", 15, Outcome::Failed),
        (&skeptic_run.stdout, "skeptic", 19, Outcome::Passed),
    ];
    for (stdout, tool, line, outcome) in expected {
        if verdict(stdout, line) != Some(outcome) {
            return Err(format!(
                "broken.md:{line} should have {outcome:?} under {tool} but was {:?}\n{stdout}",
                verdict(stdout, line)
            ));
        }
    }
    Ok("skeptic fails 2 broken blocks and passes the good one; rustdoc fails the compile_fail block that compiles".into())
}

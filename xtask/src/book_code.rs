//! The book's code blocks: run them (through the `book-tests` crate, whose
//! build script turns each ```rust block into a doctest) and prove that the
//! check works by feeding it a page of broken blocks.

use std::path::Path;

use crate::cmd::Cmd;
use crate::libtest::{self, Outcome};

/// Where the page of deliberately broken blocks lives, relative to the root.
const BROKEN_BOOK: &str = "xtask/book-tests/fixtures/broken-book";

/// Compiles and runs every block; prints how many are not compiled and why.
pub fn test(root: &Path) -> Result<String, String> {
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
    Ok(summary[0].trim_start_matches("book code blocks: ").to_string())
}

/// Builds the doctests from the broken fixture page and checks that exactly
/// its three broken blocks fail (a compile error, a `compile_fail` block that
/// compiles, a panic) while its good block passes.
pub fn self_test(root: &Path) -> Result<String, String> {
    let out = Cmd::cargo()
        .args(["test", "-p", "book-tests", "--doc"])
        .env("FORGET_ME_NOT_BOOK_SRC", BROKEN_BOOK)
        .dir(root)
        .capture()?;
    if out.success() {
        return Err(
            "the doctests passed on a page of broken blocks: the book's code check cannot fail".into()
        );
    }
    let results = libtest::parse(&out.stdout);
    let verdict = |line: usize| {
        let name = format!("broken_line_{line} ");
        results.iter().find(|r| r.name.contains(&name)).map(|r| r.outcome)
    };
    let expected =
        [(7, Outcome::Failed), (11, Outcome::Failed), (15, Outcome::Failed), (19, Outcome::Passed)];
    for (line, outcome) in expected {
        if verdict(line) != Some(outcome) {
            return Err(format!(
                "broken.md:{line} should have {outcome:?} but was {:?}\n{}",
                verdict(line),
                out.stdout
            ));
        }
    }
    Ok("3 broken blocks fail, the good one passes".into())
}

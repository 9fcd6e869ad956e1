//! Checks every ```rust block of the book's Markdown in `src/` (including
//! blocks inside admonitions) and turns each `compile_fail` block into a
//! doctest item, so rustdoc checks it does not compile, with its error code.
//! skeptic (package `book-skeptic`) runs the other blocks. Blocks that
//! nobody compiles here are listed with their reason: `{{#include}}`d lab
//! code (compiled by its lab, after checking the file and anchor exist) and
//! `ignore` blocks, which must say why on their first line (`// Not tested: …`).

use std::fmt::Write as _;
use std::path::PathBuf;

// Shared with book-skeptic's build script, which uses the skeptic half.
#[path = "src/markdown.rs"]
#[allow(dead_code)]
mod markdown;

use markdown::{Kind, Runner};

fn main() {
    let (workspace, book_src) = markdown::book_source();

    let pages = pages::files_with_extension(&book_src, "md");

    let mut doctests = String::new();
    let mut untested = String::from(
        "/// Blocks the doctests do not compile, with the reason.\npub const UNTESTED: &[Untested] = &[\n",
    );
    let mut compile_fail = 0usize;
    let mut skeptic = 0usize;
    let mut included = 0usize;
    let mut problems = Vec::new();
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap();
        let shown = page.strip_prefix(&book_src).unwrap_or(page).display().to_string();
        let model = pages::parse(&text);
        for block in markdown::rust_blocks(&model) {
            let place = format!("{shown}:{}", block.line);
            let kind = markdown::classify(&model, block, page.parent().unwrap(), &workspace);
            let runner = kind.as_ref().ok().map(markdown::runner);
            match (runner, kind) {
                (Some(Runner::Skeptic), _) => skeptic += 1,
                (_, Ok(Kind::Test(info))) => {
                    compile_fail += 1;
                    let fence = "`".repeat(block.fence.len().max(3));
                    let doc = format!("{fence}{info}\n{}{fence}", block.body);
                    writeln!(
                        doctests,
                        "/// `{place}`\n#[doc = {doc:?}]\npub mod {} {{}}\n",
                        item_name(&shown, block.line)
                    )
                    .unwrap();
                }
                (_, Ok(Kind::Untested { reason, watch })) => {
                    if let Some(file) = watch {
                        included += 1;
                        println!("cargo:rerun-if-changed={}", file.display());
                    }
                    writeln!(untested, "    Untested {{ place: {place:?}, reason: {reason:?} }},").unwrap();
                }
                (_, Err(problem)) => problems.push(format!("{place}: {problem}")),
            }
        }
    }
    untested.push_str("];\n");
    writeln!(
        untested,
        "/// `compile_fail` blocks, checked by these doctests.\npub const COMPILE_FAIL: usize = {compile_fail};\n\
         /// Blocks skeptic runs (package `book-skeptic`).\npub const SKEPTIC: usize = {skeptic};\n\
         /// Blocks included from a lab, compiled by that lab.\npub const INCLUDED: usize = {included};"
    )
    .unwrap();
    if !problems.is_empty() {
        panic!("the book's code blocks have problems:\n  {}", problems.join("\n  "));
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::fs::write(out.join("doctests.rs"), doctests).unwrap();
    std::fs::write(out.join("untested.rs"), untested).unwrap();
}

fn item_name(page: &str, line: usize) -> String {
    let stem: String = page
        .trim_end_matches(".md")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
        .collect();
    format!("{stem}_line_{line}")
}

//! Decides how each Rust code block of a page (as the `pages` model reads
//! it, blocks inside ```` ```admonish ```` fences included) is tested, and
//! prepares pages for skeptic. Shared by the build scripts and the unit tests.

use std::path::{Path, PathBuf};

use pages::{CodeBlock, Page};

/// What the doctests do with a block.
#[derive(Debug, PartialEq, Eq)]
pub enum Kind {
    /// Compile (and run, unless the attributes say otherwise) with this info string.
    Test(String),
    /// Not compiled here, for the given reason; `watch` is a file whose change
    /// must re-run the check.
    Untested {
        /// Why the block is not compiled here.
        reason: String,
        /// The included file, when there is one.
        watch: Option<PathBuf>,
    },
}

/// For the build scripts of `book-tests` and `book-skeptic` (two levels
/// below the root): the repository root and the folder of pages to read,
/// `src/` or the one `FORGET_ME_NOT_BOOK_SRC` names relative to the root.
/// Tells cargo to run the script again when either changes.
pub fn book_source() -> (PathBuf, PathBuf) {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo"));
    let workspace = manifest.join("../..").canonicalize().expect("the repository root");
    println!("cargo:rerun-if-env-changed=FORGET_ME_NOT_BOOK_SRC");
    let book_src = match std::env::var("FORGET_ME_NOT_BOOK_SRC") {
        Ok(dir) => workspace.join(dir),
        Err(_) => workspace.join("src"),
    };
    println!("cargo:rerun-if-changed={}", book_src.display());
    (workspace, book_src)
}

/// Every ```rust block of `page`, in order.
pub fn rust_blocks(page: &Page) -> impl Iterator<Item = &CodeBlock> {
    page.code_blocks.iter().filter(|block| block.language() == "rust")
}

/// Who runs a block of the book.
#[derive(Debug, PartialEq, Eq)]
pub enum Runner {
    /// skeptic compiles it (and runs it unless `no_run`; `ignore` is left out).
    Skeptic,
    /// rustdoc checks that it does not compile (skeptic cannot say "must fail").
    RustdocCompileFail,
    /// Nobody here: included from a lab (compiled there) or `ignore` with a reason.
    NotHere,
}

/// Who runs a block that [`classify`] accepted.
pub fn runner(kind: &Kind) -> Runner {
    match kind {
        Kind::Test(info) if info.split(',').any(|t| t == "compile_fail") => Runner::RustdocCompileFail,
        Kind::Test(_) => Runner::Skeptic,
        Kind::Untested { .. } => Runner::NotHere,
    }
}

/// `text` as skeptic should read it, and the templates file to put beside
/// it (`<page>.skt.md`). skeptic's Markdown parser sees a block inside an
/// ```` ```admonish ```` fence as part of that fence, so the admonitions' own
/// fence lines become blank lines (every other line keeps its number, so
/// skeptic's test names give the page's real line); and the blocks skeptic
/// must not run (`compile_fail`, included, `ignore`) get the info string
/// `text`. `runs` says, for each Rust block, whether skeptic runs it.
///
/// Two things rustdoc does that skeptic does not are done by a template per
/// block, `skt-b<line>`: wrapping statements in `fn main`, and making the
/// `crates` the block names (`crossbeam_utils`, …) known to rustc with
/// `extern crate` (skeptic 0.13.7 reads cargo's dependency list in a format
/// cargo no longer writes, so it passes no `--extern` flags; rustc then finds
/// each crate in the build folder's `deps/`).
pub fn for_skeptic(text: &str, crates: &[&str], runs: impl Fn(&CodeBlock) -> bool) -> (String, String) {
    let page = pages::parse(text);
    let fences: Vec<usize> =
        page.admonitions.iter().flat_map(|a| std::iter::once(a.block.line).chain(a.block.end_line)).collect();
    let mut out = String::with_capacity(text.len());
    let mut templates = String::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if fences.contains(&number) {
            out.push('\n');
            continue;
        }
        match rust_blocks(&page).find(|b| b.line == number) {
            Some(block) => {
                let indent = &line[..line.len() - line.trim_start().len()];
                let mut info = if runs(block) { skeptic_info(&block.info) } else { "text".to_string() };
                if let Some(template) = runs(block).then(|| template(block, crates)).flatten() {
                    info.push_str(&format!(",skt-b{number}"));
                    templates.push_str(&format!("```rust,skt-b{number}\n{template}```\n\n"));
                }
                out.push_str(&format!("{indent}{}{info}\n", block.fence));
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    (out, templates)
}

/// The template `block` needs, if any: a `format!` string (so its own braces
/// are doubled) with `{}` where the block goes.
fn template(block: &CodeBlock, crates: &[&str]) -> Option<String> {
    let mut template: String = crates
        .iter()
        .filter(|name| block.body.contains(&format!("{name}::")))
        .map(|name| format!("extern crate {name};\n"))
        .collect();
    if block.body.contains("fn main(") {
        if template.is_empty() {
            return None;
        }
        template.push_str("{}\n");
    } else {
        template.push_str("fn main() {{\n{}\n}}\n");
    }
    Some(template)
}

/// The attributes skeptic understands: `rust`, `should_panic`, `no_run`.
fn skeptic_info(info: &str) -> String {
    let mut kept = vec!["rust"];
    kept.extend(info.split([',', ' ', '\t']).filter(|t| matches!(*t, "should_panic" | "no_run")));
    kept.join(",")
}

/// Decides how `block`, a block of `page`, is tested. `page_dir` is the
/// page's folder (includes are relative to it) and `workspace` the repository root.
pub fn classify(page: &Page, block: &CodeBlock, page_dir: &Path, workspace: &Path) -> Result<Kind, String> {
    if let Some(include) = page.includes_of(block).next() {
        return included(&include.target, page_dir, workspace);
    }
    if block.attributes().any(|t| t == "ignore") {
        let first = block.body.lines().find(|l| !l.starts_with("# ") && l.trim() != "#").unwrap_or("");
        return match first.trim().strip_prefix("// Not tested:") {
            Some(reason) if !reason.trim().is_empty() => {
                Ok(Kind::Untested { reason: reason.trim().to_string(), watch: None })
            }
            _ => Err("an `ignore` block must say why on its first line: `// Not tested: <reason>`".into()),
        };
    }
    let mut kept: Vec<&str> = vec!["rust"];
    kept.extend(block.attributes().skip(1).filter(|t| {
        matches!(*t, "compile_fail" | "should_panic" | "no_run")
            || t.starts_with("edition")
            || (t.len() == 5 && t.starts_with('E') && t[1..].chars().all(|c| c.is_ascii_digit()))
    }));
    if !kept.iter().any(|t| t.starts_with("edition")) {
        kept.push("edition2024");
    }
    Ok(Kind::Test(kept.join(",")))
}

fn included(target: &str, page_dir: &Path, workspace: &Path) -> Result<Kind, String> {
    let (path, anchor) = match target.split_once(':') {
        Some((path, anchor)) => (path, Some(anchor)),
        None => (target, None),
    };
    let file = page_dir.join(path);
    let file = file.canonicalize().map_err(|_| format!("{{{{#include {target}}}}}: no such file"))?;
    let relative = file.strip_prefix(workspace).map_err(|_| format!("{target}: outside the repository"))?;
    let owner = relative.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned());
    if !matches!(owner.as_deref(), Some("labs" | "solutions")) {
        return Err(format!(
            "{target}: included code must come from labs/ or solutions/, where a crate compiles it"
        ));
    }
    if let Some(anchor) = anchor.filter(|a| !a.chars().next().is_some_and(|c| c.is_ascii_digit())) {
        let text = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
        let marker = format!("ANCHOR: {anchor}");
        if !text.lines().any(|l| l.trim_end().ends_with(&marker)) {
            return Err(format!("{target}: {} has no `// ANCHOR: {anchor}`", relative.display()));
        }
    }
    Ok(Kind::Untested {
        reason: format!("included from {}; compiled and tested with that crate", relative.display()),
        watch: Some(file),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "# Title\n\n```rust\nfn main() {}\n```\n\n````admonish example\nInside:\n```rust,should_panic\npanic!();\n```\n````\n\n```mermaid\nflowchart\n```\n\n```rust,ignore\n// Not tested: needs a GPU\n```\n";

    /// The first block of a page holding only `info` and `body`, and that page.
    fn block(info: &str, body: &str) -> (Page, CodeBlock) {
        let page = pages::parse(&format!("```{info}\n{body}```\n"));
        let block = page.code_blocks[0].clone();
        (page, block)
    }

    #[test]
    fn finds_blocks_at_top_level_and_inside_admonitions() {
        let page = pages::parse(PAGE);
        let blocks: Vec<&CodeBlock> = rust_blocks(&page).collect();
        assert_eq!(blocks.len(), 3);
        assert_eq!(
            (blocks[0].line, blocks[0].info.as_str(), blocks[0].body.as_str()),
            (3, "rust", "fn main() {}\n")
        );
        assert_eq!(blocks[1].line, 9);
        assert_eq!(blocks[1].body, "panic!();\n");
        assert_eq!(blocks[2].info, "rust,ignore");
    }

    #[test]
    fn unnests_admonitions_for_skeptic_keeping_line_numbers() {
        let (page, templates) = for_skeptic(PAGE, &[], |b| !b.info.contains("ignore"));
        assert_eq!(page.lines().count(), PAGE.lines().count());
        let lines: Vec<&str> = page.lines().collect();
        assert_eq!(lines[6], "", "the admonition's opening fence is blanked");
        assert_eq!(lines[8], "```rust,should_panic,skt-b9");
        assert!(templates.starts_with("```rust,skt-b9\nfn main() {{\n{}\n}}\n```"), "{templates}");
        assert_eq!(lines[2], "```rust", "a block with its own main needs no template");
        assert_eq!(lines[11], "", "and its closing fence");
        assert_eq!(lines[17], "```text", "a block skeptic must not run is retagged");
        assert_eq!(lines[13], "```mermaid", "other blocks are untouched");
    }

    #[test]
    fn a_fence_indented_four_spaces_is_no_block_and_one_in_a_list_item_is() {
        let text = "Not a block:\n\n    ```rust\n    fn main() {}\n    ```\n\n1. A block:\n\n   ```rust\n   fn main() {}\n   ```\n";
        let page = pages::parse(text);
        let lines: Vec<usize> = rust_blocks(&page).map(|b| b.line).collect();
        assert_eq!(lines, [9], "mdBook shows the first as an indented block, fences and all");
        let (prepared, _) = for_skeptic(text, &[], |_| true);
        assert_eq!(prepared.lines().nth(8), Some("   ```rust"));
    }

    #[test]
    fn names_the_crates_a_block_uses() {
        let (_, block) = block("rust", "use bytes::Bytes;\nfn main() {}\n");
        assert_eq!(
            template(&block, &["crossbeam_utils", "bytes"]).as_deref(),
            Some("extern crate bytes;\n{}\n")
        );
        assert_eq!(template(&block, &["crossbeam_utils"]), None);
    }

    #[test]
    fn keeps_rustdoc_attributes_and_defaults_the_edition() {
        let here = Path::new(".");
        let kind = |info: &str, body: &str| {
            let (page, block) = block(info, body);
            classify(&page, &block, here, here)
        };
        assert_eq!(
            kind("rust,noplayground,should_panic", "x\n"),
            Ok(Kind::Test("rust,should_panic,edition2024".into()))
        );
        assert_eq!(
            kind("rust,compile_fail,E0597", "x\n"),
            Ok(Kind::Test("rust,compile_fail,E0597,edition2024".into()))
        );
        assert!(
            kind("rust,ignore", "fn main() {}\n").is_err(),
            "an ignore block without a reason is refused"
        );
        assert!(matches!(kind("rust,ignore", "// Not tested: needs MPI\n"), Ok(Kind::Untested { .. })));
        assert!(kind("rust", "{{#include missing.rs:anchor}}\n").is_err(), "a missing include is refused");
        assert_eq!(
            kind("rust", "// \\{{#include missing.rs:anchor}}\n"),
            Ok(Kind::Test("rust,edition2024".into())),
            "an escaped include is shown as it is, and compiled"
        );
    }
}

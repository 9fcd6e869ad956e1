//! Finds the Rust code blocks in a Markdown page the way mdBook sees them,
//! including blocks nested in ```` ```admonish ```` fences, and decides how
//! each one is tested. Shared by the build script and the unit tests.

use std::path::{Path, PathBuf};

/// One fenced ```rust block.
#[derive(Debug, PartialEq, Eq)]
pub struct Block {
    /// 1-based line of the opening fence.
    pub line: usize,
    /// The info string after the fence (`rust,should_panic`).
    pub info: String,
    /// The code, each line ending in `\n`.
    pub body: String,
    /// Length of the opening fence, so the doctest can use one as long.
    pub fence_len: usize,
}

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

/// A fence line: its character, its length and the info string after it.
fn fence(line: &str) -> Option<(char, usize, &str)> {
    let trimmed = line.trim_start();
    let c = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = trimmed.chars().take_while(|x| *x == c).count();
    (len >= 3).then(|| (c, len, trimmed[len..].trim()))
}

fn language(info: &str) -> &str {
    info.split([',', ' ', '\t']).find(|t| !t.is_empty()).unwrap_or("")
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

/// Every ```rust block in `text`, in order.
pub fn rust_blocks(text: &str) -> Vec<Block> {
    scan(text).0
}

/// The Rust blocks of `text`, and the 1-based lines of the fences that open
/// and close admonitions.
fn scan(text: &str) -> (Vec<Block>, Vec<usize>) {
    let mut blocks = Vec::new();
    let mut admonition_fences = Vec::new();
    // Open admonitions (their content is Markdown, so blocks inside count).
    let mut containers: Vec<(char, usize)> = Vec::new();
    // The code block we are inside, if any: fence char, length, info, first line, indent.
    let mut open: Option<(char, usize, String, usize, usize)> = None;
    let mut body = String::new();
    for (index, line) in text.lines().enumerate() {
        if let Some((c, len, ref info, start, indent)) = open {
            match fence(line) {
                Some((fc, flen, rest)) if fc == c && flen >= len && rest.is_empty() => {
                    if language(info) == "rust" {
                        blocks.push(Block {
                            line: start,
                            info: info.clone(),
                            body: std::mem::take(&mut body),
                            fence_len: len,
                        });
                    }
                    body.clear();
                    open = None;
                }
                _ => {
                    let cut = line.len() - line.trim_start().len();
                    body.push_str(&line[cut.min(indent)..]);
                    body.push('\n');
                }
            }
            continue;
        }
        let Some((c, len, info)) = fence(line) else { continue };
        let closes_container =
            containers.last().is_some_and(|&(cc, clen)| cc == c && len >= clen && info.is_empty());
        if closes_container {
            containers.pop();
            admonition_fences.push(index + 1);
        } else if language(info) == "admonish" {
            containers.push((c, len));
            admonition_fences.push(index + 1);
        } else {
            let indent = line.len() - line.trim_start().len();
            open = Some((c, len, info.to_string(), index + 1, indent));
        }
    }
    (blocks, admonition_fences)
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
pub fn for_skeptic(text: &str, crates: &[&str], runs: impl Fn(&Block) -> bool) -> (String, String) {
    let (blocks, admonition_fences) = scan(text);
    let mut out = String::with_capacity(text.len());
    let mut templates = String::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if admonition_fences.contains(&number) {
            out.push('\n');
            continue;
        }
        match blocks.iter().find(|b| b.line == number) {
            Some(block) => {
                let indent = &line[..line.len() - line.trim_start().len()];
                let fence = &line.trim_start()[..block.fence_len];
                let mut info = if runs(block) { skeptic_info(&block.info) } else { "text".to_string() };
                if let Some(template) = runs(block).then(|| template(block, crates)).flatten() {
                    info.push_str(&format!(",skt-b{number}"));
                    templates.push_str(&format!("```rust,skt-b{number}\n{template}```\n\n"));
                }
                out.push_str(&format!("{indent}{fence}{info}\n"));
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
fn template(block: &Block, crates: &[&str]) -> Option<String> {
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

/// Decides how `block` is tested. `page_dir` is the page's folder (includes
/// are relative to it) and `workspace` the repository root.
pub fn classify(block: &Block, page_dir: &Path, workspace: &Path) -> Result<Kind, String> {
    let tokens: Vec<&str> = block.info.split([',', ' ', '\t']).filter(|t| !t.is_empty()).collect();
    if let Some(include) = include_target(&block.body) {
        return included(include, page_dir, workspace);
    }
    if tokens.contains(&"ignore") {
        let first = block.body.lines().find(|l| !l.starts_with("# ") && l.trim() != "#").unwrap_or("");
        return match first.trim().strip_prefix("// Not tested:") {
            Some(reason) if !reason.trim().is_empty() => {
                Ok(Kind::Untested { reason: reason.trim().to_string(), watch: None })
            }
            _ => Err("an `ignore` block must say why on its first line: `// Not tested: <reason>`".into()),
        };
    }
    let mut kept: Vec<&str> = vec!["rust"];
    kept.extend(tokens.iter().skip(1).filter(|t| {
        matches!(**t, "compile_fail" | "should_panic" | "no_run")
            || t.starts_with("edition")
            || (t.len() == 5 && t.starts_with('E') && t[1..].chars().all(|c| c.is_ascii_digit()))
    }));
    if !kept.iter().any(|t| t.starts_with("edition")) {
        kept.push("edition2024");
    }
    Ok(Kind::Test(kept.join(",")))
}

/// The `path[:anchor]` of the first `{{#include …}}`-like directive in `body`.
fn include_target(body: &str) -> Option<&str> {
    for directive in ["{{#include ", "{{#rustdoc_include ", "{{#playground "] {
        if let Some(start) = body.find(directive) {
            let rest = &body[start + directive.len()..];
            return rest.split("}}").next().map(str::trim);
        }
    }
    None
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

    #[test]
    fn finds_blocks_at_top_level_and_inside_admonitions() {
        let blocks = rust_blocks(PAGE);
        assert_eq!(blocks.len(), 3);
        assert_eq!(
            blocks[0],
            Block { line: 3, info: "rust".into(), body: "fn main() {}\n".into(), fence_len: 3 }
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
    fn names_the_crates_a_block_uses() {
        let block = Block {
            line: 4,
            info: "rust".into(),
            body: "use bytes::Bytes;\nfn main() {}\n".into(),
            fence_len: 3,
        };
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
            classify(&Block { line: 1, info: info.into(), body: body.into(), fence_len: 3 }, here, here)
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
    }
}

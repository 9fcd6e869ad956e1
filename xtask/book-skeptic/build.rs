//! Hands skeptic a copy of every page of the book (`src/`, or the folder in
//! `FORGET_ME_NOT_BOOK_SRC`) prepared by `book-tests`' reading of the `pages` model:
//! blocks inside admonitions un-nested with their line numbers kept, and the
//! blocks skeptic must not run (`compile_fail`, checked by rustdoc in
//! `book-tests`; included lab code; `ignore`) tagged `text`. skeptic then
//! writes one test per remaining ```rust block, through the per-block
//! templates `for_skeptic` writes beside each page.

use std::path::PathBuf;

// Shared with book-tests, whose build script uses the rustdoc half.
#[path = "../book-tests/src/markdown.rs"]
#[allow(dead_code)]
mod markdown;

use markdown::Runner;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let (workspace, book_src) = markdown::book_source();

    let manifest_text = std::fs::read_to_string(manifest.join("Cargo.toml")).unwrap();
    let crates = dev_dependencies(&manifest_text);
    let crates: Vec<&str> = crates.iter().map(String::as_str).collect();
    let pages_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("pages");
    let _ = std::fs::remove_dir_all(&pages_dir);
    std::fs::create_dir_all(&pages_dir).unwrap();
    let mut copies = Vec::new();
    for page in pages::files_with_extension(&book_src, "md") {
        let text = std::fs::read_to_string(&page).unwrap();
        let page_dir = page.parent().unwrap();
        let model = pages::parse(&text);
        let runs = |block: &pages::CodeBlock| {
            markdown::classify(&model, block, page_dir, &workspace)
                .is_ok_and(|kind| markdown::runner(&kind) == Runner::Skeptic)
        };
        // One flat name per page (`ch03-owned-buffers/index.md` becomes
        // `ch03_owned_buffers_index.md`): skeptic names tests after the
        // file's stem, and several chapters have an `index.md`.
        let relative = page.strip_prefix(&book_src).unwrap().to_string_lossy().replace(['/', '-'], "_");
        let copy = pages_dir.join(relative);
        let (prepared, templates) = markdown::for_skeptic(&text, &crates, runs);
        std::fs::write(&copy, prepared).unwrap();
        std::fs::write(format!("{}.skt.md", copy.display()), templates).unwrap();
        println!("cargo:rerun-if-changed={}", page.display());
        copies.push(copy);
    }
    skeptic::generate_doc_tests(&copies);
}

/// The crates a block may use: this package's dev-dependencies (but
/// skeptic), as Rust names them.
fn dev_dependencies(manifest: &str) -> Vec<String> {
    manifest
        .lines()
        .skip_while(|l| l.trim() != "[dev-dependencies]")
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with('['))
        .filter_map(|l| l.split_once('=').map(|(name, _)| name.trim().replace('-', "_")))
        .filter(|name| !name.is_empty() && !name.starts_with('#') && name != "skeptic")
        .collect()
}

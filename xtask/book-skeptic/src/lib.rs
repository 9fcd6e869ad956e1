//! The book's Rust code blocks, run by skeptic: `build.rs` prepares the
//! pages and `tests/skeptic.rs` holds one test per block, named after the
//! page, its section and the block's line. Run them with
//! `cargo test -p book-skeptic --target-dir target/skeptic`: skeptic finds the
//! crates a block may use by scanning the build folder, and a folder of its
//! own holds exactly one build of each (see CONTRIBUTING.md).

//! The book's `compile_fail` code blocks as doctests, and the census of every
//! block. `build.rs` checks every ```rust block of `src/**/*.md` and turns
//! each `compile_fail` one into a doctest item in [`blocks`], which
//! `cargo test -p book-tests --doc` checks; skeptic (package `book-skeptic`)
//! runs the others. Blocks that are not compiled here are listed in
//! [`UNTESTED`] with their reason.

pub mod markdown;

/// One doctest item per `compile_fail` block of the book, named after its page and line.
/// The blocks are prose examples: a `fn main` spelled out is often the point.
#[allow(clippy::needless_doctest_main)]
pub mod blocks {
    include!(concat!(env!("OUT_DIR"), "/doctests.rs"));
}

/// A code block that the doctests do not compile.
#[derive(Debug)]
pub struct Untested {
    /// `page.md:line`.
    pub place: &'static str,
    /// Why it is not compiled here.
    pub reason: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/untested.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    /// Prints the count of blocks, and each block not compiled with its reason.
    #[test]
    fn report() {
        println!(
            "book code blocks: {SKEPTIC} for skeptic, {COMPILE_FAIL} compile_fail checked by rustdoc, {INCLUDED} included from labs, {} ignored with a reason; not compiled here:",
            UNTESTED.len() - INCLUDED
        );
        for block in UNTESTED {
            assert!(!block.reason.is_empty(), "{} has no reason", block.place);
            println!("  {}: {}", block.place, block.reason);
        }
    }
}

//! Finding files by extension below a folder: the `pages` crate's walk
//! (walkdir), the one every check and both book-test build scripts use.

pub use pages::files_with_extension;

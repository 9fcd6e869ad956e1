//! One test per Rust block of the book that skeptic runs.

// skeptic names each test after its page, section and line; a section
// heading of only punctuation leaves a double underscore.
#![allow(missing_docs, non_snake_case)]

include!(concat!(env!("OUT_DIR"), "/skeptic-tests.rs"));

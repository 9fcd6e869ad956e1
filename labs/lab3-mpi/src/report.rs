//! The one line each rank prints for the tests to read: `LAB3 key=value …`.
//! Given, not an exercise.

use std::fmt::Display;
use std::io::Write;

/// Builds a rank's report line; [`Report::print`] writes it to stdout.
#[derive(Debug, Default)]
pub struct Report {
    line: String,
}

impl Report {
    /// A report that starts with this rank's place in the world.
    pub fn new(rank: i32, size: i32) -> Self {
        Report { line: format!("LAB3 rank={rank} size={size}") }
    }

    /// Adds `key=value` (the value must not contain spaces).
    pub fn with(mut self, key: &str, value: impl Display) -> Self {
        self.line.push_str(&format!(" {key}={value}"));
        self
    }

    /// Prints the line and flushes, so it survives an abort that follows.
    pub fn print(self) {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", self.line);
        let _ = out.flush();
    }
}

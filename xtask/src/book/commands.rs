//! Every `cargo …` command the book, the lab hints, the README and
//! CONTRIBUTING show is one a reader can type: its packages, examples, test
//! targets, test names, benches, binaries and features exist, and
//! `cargo xtask …` parses with xtask's own argument parser.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use clap::Parser;

/// One package as `cargo metadata` describes it.
#[derive(Debug, Default, Clone)]
pub struct Package {
    /// Its features (not optional dependencies).
    pub features: Vec<String>,
    /// `(kind, name)` → source file, for `example`, `test`, `bench`, `bin`, `lib`.
    pub targets: BTreeMap<(String, String), PathBuf>,
}

/// The packages a command can name, by package name.
pub type Packages = BTreeMap<String, Package>;

/// Checks every command in the project's Markdown. Returns a one-line summary.
pub fn check(root: &Path) -> Result<String, String> {
    let mut workspaces: BTreeMap<PathBuf, Packages> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut count = 0;
    for file in markdown_files(root) {
        let text = fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let shown = file.strip_prefix(root).unwrap_or(&file).display().to_string();
        for (line, command) in commands_in(&text) {
            let (dir, cargo_args) = split_cd(&command);
            let dir = root.join(dir);
            if !workspaces.contains_key(&dir) {
                workspaces.insert(dir.clone(), packages(&dir)?);
            }
            count += 1;
            if let Err(why) = check_command(&cargo_args, &workspaces[&dir]) {
                problems.push(format!("{shown}:{line}: `{command}`: {why}"));
            }
        }
    }
    if problems.is_empty() {
        Ok(format!("{count} cargo commands name real packages, targets, tests and features"))
    } else {
        Err(format!("commands that cannot run as shown:\n  {}", problems.join("\n  ")))
    }
}

fn markdown_files(root: &Path) -> Vec<PathBuf> {
    let mut files = crate::walk::files_with_extension(&root.join("src"), "md");
    files.extend(crate::walk::files_with_extension(&root.join("labs"), "md"));
    files.extend(["README.md", "CONTRIBUTING.md"].map(|f| root.join(f)));
    files.retain(|f| f.exists() && !f.components().any(|c| c.as_os_str() == "target"));
    files.sort();
    files
}

/// The `cargo …` commands in a Markdown text with their line numbers: inline
/// code spans (which may wrap across lines), in HTML comments too, and the
/// lines of code blocks that start with `cargo` or `$ cargo` (a ` #`
/// comment cut off), in admonitions too. Commands with placeholders
/// (`labN`, `…`, `<…>`, `[…]`) are left out.
pub fn commands_in(text: &str) -> Vec<(usize, String)> {
    let page = pages::parse(text);
    let commented = page.comments.iter().flat_map(|comment| {
        let spans = pages::parse(&comment.text).code_spans;
        spans.into_iter().map(|span| pages::CodeSpan { line: comment.line + span.line - 1, ..span })
    });
    let spans = page.code_spans.iter().cloned().chain(commented);
    let spans = spans.map(|span| (span.line, span.code.split_whitespace().collect::<Vec<_>>().join(" ")));
    let lines = page.code_blocks.iter().flat_map(pages::CodeBlock::lines).map(|(line, code)| {
        let code = code.trim_start();
        let command = code.strip_prefix("$ ").unwrap_or(code);
        (line, command.split(" #").next().unwrap_or_default().trim().to_string())
    });
    let mut found: Vec<(usize, String)> = spans
        .chain(lines)
        .filter(|(_, command)| starts_a_command(command))
        .filter(|(_, command)| !["labN", "…", "<", "["].iter().any(|p| command.contains(p)))
        .collect();
    found.sort();
    found
}

fn starts_a_command(text: &str) -> bool {
    text.starts_with("cargo ") || (text.starts_with("cd ") && text.contains("&& cargo "))
}

/// `cd <dir> && cargo …` → (`<dir>`, the words after `cargo`).
fn split_cd(command: &str) -> (String, Vec<String>) {
    let (dir, cargo) = match command.strip_prefix("cd ").and_then(|c| c.split_once(" && ")) {
        Some((dir, rest)) => (dir.trim().to_string(), rest),
        None => (String::new(), command),
    };
    let words = cargo.split_whitespace().skip(1).map(str::to_string).collect();
    (dir, words)
}

/// The packages of the workspace (or lone package) in `dir`.
fn packages(dir: &Path) -> Result<Packages, String> {
    let metadata = crate::labs::metadata(dir).map_err(|e| format!("in {}: {e}", dir.display()))?;
    let mut found = Packages::new();
    for package in metadata.packages {
        let mut entry =
            Package { features: package.features.keys().cloned().collect(), ..Package::default() };
        for target in package.targets {
            for kind in &target.kind {
                let kind = if kind.ends_with("lib") { "lib" } else { kind.as_str() };
                entry.targets.insert((kind.to_string(), target.name.clone()), target.src_path.clone().into());
            }
        }
        found.insert(package.name, entry);
    }
    Ok(found)
}

/// Checks the words after `cargo` against the packages they name.
pub fn check_command(words: &[String], packages: &Packages) -> Result<(), String> {
    let mut words = words.iter().map(String::as_str).skip_while(|w| w.starts_with('+')).peekable();
    let mut sub = words.next().unwrap_or_default();
    if sub == "miri" {
        sub = words.next().unwrap_or_default();
    }
    let words: Vec<&str> = words.collect();
    for lab in words.iter().filter(|w| is_lab_name(w)) {
        if !packages.contains_key(*lab) {
            return Err(format!("there is no package {lab}"));
        }
    }
    if sub == "xtask" {
        let args = std::iter::once("cargo xtask").chain(words.iter().copied());
        return crate::Cli::try_parse_from(args).map(drop).map_err(|e| first_line(&e.to_string()));
    }
    if !["test", "run", "bench", "build", "check", "clippy", "rustc"].contains(&sub) {
        return Ok(());
    }
    let (options, after_dashes) = match words.iter().position(|w| *w == "--") {
        Some(at) => (&words[..at], &words[at + 1..]),
        None => (&words[..], &[][..]),
    };
    let mut package = None;
    let mut features = Vec::new();
    let mut targets = Vec::new();
    let mut filters = Vec::new();
    let mut iter = options.iter();
    while let Some(word) = iter.next() {
        match *word {
            "-p" | "--package" => package = iter.next().copied(),
            "-F" | "--features" => features.extend(iter.next().into_iter().flat_map(|f| f.split(','))),
            "--example" | "--test" | "--bench" | "--bin" => {
                targets.push((&word[2..], iter.next().copied().unwrap_or_default()))
            }
            "--target" | "--target-dir" | "--manifest-path" | "-j" | "--jobs" | "--profile" => {
                iter.next();
            }
            w if w.starts_with('-') => {}
            filter => filters.push(filter),
        }
    }
    if sub == "test" {
        filters.extend(after_dashes.iter().filter(|w| !w.starts_with('-')));
    }
    let package_name = match package {
        Some(name) => name.to_string(),
        None if packages.len() == 1 => packages.keys().next().cloned().unwrap_or_default(),
        None if targets.is_empty() && features.is_empty() => return Ok(()),
        None => return Err("names a target or feature without `-p <package>`".into()),
    };
    let found = packages.get(&package_name).ok_or_else(|| format!("there is no package {package_name}"))?;
    for feature in features {
        if !found.features.iter().any(|f| f == feature) {
            return Err(format!(
                "{package_name} has no feature {feature} (it has: {})",
                found.features.join(", ")
            ));
        }
    }
    let mut sources = Vec::new();
    for (kind, name) in &targets {
        match found.targets.get(&(kind.to_string(), name.to_string())) {
            Some(path) => sources.push(path.clone()),
            None => return Err(format!("{package_name} has no {kind} target {name}")),
        }
    }
    if !filters.is_empty() {
        if sources.is_empty() {
            sources = found.targets.values().cloned().collect();
        }
        let text: String = sources.iter().filter_map(|p| test_sources(p)).collect();
        for filter in filters {
            if !text.contains(filter) {
                return Err(format!("no test of {package_name} is named like {filter}"));
            }
        }
    }
    Ok(())
}

/// The text of a test target: its file, and the files next to it in its folder (`tests/support/`).
fn test_sources(path: &Path) -> Option<String> {
    let mut text = fs::read_to_string(path).ok()?;
    let sub = path.with_extension("");
    for extra in crate::walk::files_with_extension(&sub, "rs") {
        text.push_str(&fs::read_to_string(extra).unwrap_or_default());
    }
    Some(text)
}

fn is_lab_name(word: &str) -> bool {
    word.strip_prefix("lab").is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().trim_start_matches("error: ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lab() -> Packages {
        let mut package = Package { features: vec!["solution".into()], ..Package::default() };
        let test_file =
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/book-commands/ex1_scope.rs"));
        package.targets.insert(("test".into(), "ex1_scope".into()), test_file);
        package.targets.insert(("example".into(), "forgotten_guard".into()), PathBuf::from("e.rs"));
        Packages::from([("lab2".to_string(), package)])
    }

    fn check(command: &str) -> Result<(), String> {
        let (_, words) = split_cd(command);
        check_command(&words, &lab())
    }

    #[test]
    fn real_commands_pass() {
        check("cargo test -p lab2 --features solution --test ex1_scope scope_waits").unwrap();
        check("cargo +nightly miri run -p lab2 --example forgotten_guard").unwrap();
        check("cargo test -p lab2 --test ex1_scope -- --exact scope_waits_for_its_workers").unwrap();
        check("cargo xtask hint lab2 1").unwrap();
        check("cargo install --locked mdbook").unwrap();
    }

    #[test]
    fn made_up_names_fail() {
        for bad in [
            "cargo test -p lab9",
            "cargo run -p lab2 --example forgoten_guard",
            "cargo test -p lab2 --test ex4_scope",
            "cargo test -p lab2 --features solutions",
            "cargo test -p lab2 --test ex1_scope no_such_test",
            "cargo xtask hints lab2",
            "cargo xtask progress lab7",
        ] {
            assert!(check(bad).is_err(), "{bad} passed");
        }
    }

    #[test]
    fn finds_inline_wrapped_and_fenced_commands() {
        let text = "Run `cargo test\n-p lab2` now.\n\n```text\n$ cargo xtask doctor   # check\n```\nNot `cargo test -p labN`.\n\
                    ````admonish note\nIn a note: `cargo xtask loom`.\n```text\ncargo xtask demos\n```\n````\n";
        let found = commands_in(text);
        let want = [
            (1, "cargo test -p lab2"),
            (5, "cargo xtask doctor"),
            (9, "cargo xtask loom"),
            (11, "cargo xtask demos"),
        ];
        assert_eq!(found, want.map(|(line, c)| (line, c.to_string())));
    }

    #[test]
    fn reads_spans_and_blocks_as_mdbook_does() {
        let text = "> Run `cargo\n> test -p lab2` in a quote; a \\` is no span, `cargo xtask doctor` is.\n\n\
                    1. In a list:\n\n   ~~~text\n   $ cargo xtask loom\n   ~~~\n\n\
                    <!-- Written by\n`cargo xtask demos --write` -->\n";
        let found = commands_in(text);
        let want = [
            (1, "cargo test -p lab2"),
            (2, "cargo xtask doctor"),
            (7, "cargo xtask loom"),
            (11, "cargo xtask demos --write"),
        ];
        assert_eq!(found, want.map(|(line, c)| (line, c.to_string())));
    }
}

//! Teaching pages explain; they do not hand over the exercise. A page other
//! than a lab's answers page (`labN-answers.md`) must not `{{#include}}` (or
//! `{{#rustdoc_include}}`, `{{#playground}}`) a region of a reference answer,
//! `solutions/labN/<file>.rs`, that holds a function whose stub, in
//! `labs/labN-*/src/<file>.rs`, is a `todo!`, or that the stub does not have
//! (the student adds it: a `Drop`, a helper). Kept wrong answers
//! (`solutions/labN/wrong/*.patch`) and given code may be included anywhere.
//! The check first runs on its fixture book (`xtask/fixtures/answer-include/`),
//! whose teaching page includes an answer, and requires it to fail.

use std::collections::HashMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::stub_functions::{self, Function};

/// The fixture book, relative to the repository root.
const FIXTURE: &str = "xtask/fixtures/answer-include";

/// Checks the fixture (it must fail), then the book's pages.
pub fn check(root: &Path) -> Result<String, String> {
    let fixture = root.join(FIXTURE);
    match scan(&fixture) {
        Err(why) if why.contains("src/teaching.md:7") && why.contains("lab1 exercise 1") => {}
        other => {
            return Err(format!(
                "{FIXTURE}: its teaching page includes an answer, but the check did not report it \
                 (src/teaching.md:7, lab1 exercise 1); the check is broken. It said: {other:?}"
            ));
        }
    }
    scan(root)
}

/// Checks every page under `root/src`.
fn scan(root: &Path) -> Result<String, String> {
    let pages = crate::walk::files_with_extension(&root.join("src"), "md");
    let mut stubs: HashMap<PathBuf, Vec<Function>> = HashMap::new();
    let (mut includes, mut problems) = (0, Vec::new());
    for page in &pages {
        if is_answers_page(page) {
            continue;
        }
        let text = fs::read_to_string(page).map_err(|e| format!("{}: {e}", page.display()))?;
        let shown = page.strip_prefix(root).unwrap_or(page).display().to_string();
        for (line, include) in includes_in(&text) {
            let Some((file, lab, region)) = solution_include(root, page, &include) else { continue };
            includes += 1;
            let Some(stub) = stub_for(root, &file, &lab) else { continue };
            if !stubs.contains_key(&stub) {
                stubs.insert(stub.clone(), functions_of(&stub, &lab)?);
            }
            let answer = fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let lines = region_lines(&answer, &region)
                .ok_or_else(|| format!("{shown}:{line}: `{include}`: no such region in the file"))?;
            let mut shown_answers: Vec<(String, String)> = Vec::new();
            for function in functions_of(&file, &lab)? {
                if !lines.iter().any(|l| function.code_lines.contains(l)) {
                    continue;
                }
                // The student's: a stub that is a `todo!`, or no stub at all
                // (a `Drop` or a helper the student adds), which belongs to
                // the file's first exercise.
                let exercise = match stubs[&stub].iter().find(|s| s.path == function.path) {
                    Some(stub_function) => stub_function.exercise,
                    None => stubs[&stub].iter().filter_map(|s| s.exercise).min(),
                };
                if let Some(exercise) = exercise {
                    let name = function.path.rsplit("::").next().unwrap_or(&function.path);
                    shown_answers.push((format!("{lab} exercise {exercise}"), format!("`{name}`")));
                }
            }
            if !shown_answers.is_empty() {
                let mut exercises: Vec<&str> = shown_answers.iter().map(|(e, _)| e.as_str()).collect();
                exercises.dedup();
                let names: Vec<&str> = shown_answers.iter().map(|(_, n)| n.as_str()).collect();
                problems.push(format!(
                    "{shown}:{line}: `{include}` shows the reference answer of {} ({}); describe the \
                     design on the page and show the code on the lab's answers page (labN-answers.md)",
                    exercises.join(", "),
                    names.join(", ")
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(format!(
            "{} pages, {includes} includes of reference answers, none on a teaching page",
            pages.len()
        ))
    } else {
        Err(format!("reference answers on teaching pages:\n  {}", problems.join("\n  ")))
    }
}

/// `labN-answers.md`: the one place a page may show reference answers.
fn is_answers_page(page: &Path) -> bool {
    let name = page.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    name.strip_prefix("lab")
        .and_then(|rest| rest.strip_suffix("-answers.md"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Each unescaped `{{#include …}}`, `{{#rustdoc_include …}}` or
/// `{{#playground …}}` (the `pages` model's includes), with its line and
/// argument: in code spans and blocks too, since mdBook expands them there.
fn includes_in(text: &str) -> Vec<(usize, String)> {
    pages::parse(text).includes.into_iter().map(|include| (include.line, include.target)).collect()
}

/// Which part of a file an include takes.
#[derive(Debug, PartialEq)]
enum Region {
    Whole,
    Anchor(String),
    Lines(usize, Option<usize>),
}

/// For an include of `solutions/labN/<file>.rs` (not a patch): the file, `labN` and the region.
fn solution_include(root: &Path, page: &Path, argument: &str) -> Option<(PathBuf, String, Region)> {
    let (path, spec) = match argument.split_once(':') {
        Some((path, spec)) => (path, Some(spec)),
        None => (argument, None),
    };
    let file = normalize(&page.parent()?.join(path));
    let relative = file.strip_prefix(root).ok()?;
    let parts: Vec<&str> = relative.iter().filter_map(|p| p.to_str()).collect();
    let ["solutions", lab, name] = parts.as_slice() else { return None };
    if !name.ends_with(".rs") {
        return None;
    }
    let lab = lab.to_string();
    let region = match spec {
        None | Some("") => Region::Whole,
        Some(spec) => {
            let (from, to) = match spec.split_once(':') {
                Some((from, to)) => (from, Some(to)),
                None => (spec, None),
            };
            let number = |s: &str| s.trim().parse::<usize>().ok();
            match (number(from), to) {
                (Some(line), None) => Region::Lines(line, Some(line)),
                (Some(line), Some(to)) => Region::Lines(line, number(to)),
                (None, Some(to)) if from.is_empty() => Region::Lines(1, number(to)),
                _ => Region::Anchor(spec.to_string()),
            }
        }
    };
    Some((file, lab, region))
}

/// `a/b/../c` → `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The student's file of the same name: `labs/labN-*/src/<file>.rs`.
fn stub_for(root: &Path, answer: &Path, lab: &str) -> Option<PathBuf> {
    let name = answer.file_name()?;
    let prefix = format!("{lab}-");
    crate::walk::entries(&root.join("labs"))
        .into_iter()
        .find(|dir| dir.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(&prefix)))
        .map(|dir| dir.join("src").join(name))
        .filter(|stub| stub.is_file())
}

/// The lines (1-based) a region brings in, as mdBook reads anchors.
fn region_lines(source: &str, region: &Region) -> Option<Vec<usize>> {
    let count = source.lines().count();
    match region {
        Region::Whole => Some((1..=count).collect()),
        Region::Lines(from, to) => Some((*from..=to.unwrap_or(count).min(count)).collect()),
        Region::Anchor(name) => {
            let (mut inside, mut seen, mut lines) = (false, false, Vec::new());
            for (index, line) in source.lines().enumerate() {
                let (end, start) = (anchor_named(line, "ANCHOR_END:"), anchor_named(line, "ANCHOR:"));
                if end == Some(name) {
                    inside = false;
                } else if start == Some(name) {
                    (inside, seen) = (true, true);
                } else if inside && end.is_none() && start.is_none() {
                    lines.push(index + 1);
                }
            }
            seen.then_some(lines)
        }
    }
}

/// The name after `ANCHOR:` or `ANCHOR_END:` on a line.
fn anchor_named<'a>(line: &'a str, marker: &str) -> Option<&'a str> {
    let after = &line[line.find(marker)? + marker.len()..];
    let name = after.trim_start();
    let end = name.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')).unwrap_or(name.len());
    Some(&name[..end])
}

/// The functions and macros of a stub or an answer (`stub_functions`); a
/// stub function's exercise is the one its `todo!` names.
fn functions_of(file: &Path, lab: &str) -> Result<Vec<Function>, String> {
    let source = fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    stub_functions::functions(&source, lab).map_err(|e| format!("{}: {e}", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_are_read_as_mdbook_reads_them() {
        let file = "a\n// ANCHOR: x\nb\n// ANCHOR: y\nc\n// ANCHOR_END: y\n// ANCHOR_END: x\nd\n";
        assert_eq!(region_lines(file, &Region::Anchor("x".into())), Some(vec![3, 5]));
        assert_eq!(region_lines(file, &Region::Anchor("y".into())), Some(vec![5]));
        assert_eq!(region_lines(file, &Region::Anchor("z".into())), None);
        assert_eq!(region_lines(file, &Region::Lines(7, None)), Some(vec![7, 8]));
    }

    #[test]
    fn only_reference_answers_are_includes_to_check() {
        let root = Path::new("/r");
        let page = Path::new("/r/src/ch05/refcount.md");
        let answer = solution_include(root, page, "../../solutions/lab8/arc.rs:drop");
        assert_eq!(
            answer,
            Some((PathBuf::from("/r/solutions/lab8/arc.rs"), "lab8".into(), Region::Anchor("drop".into())))
        );
        assert_eq!(solution_include(root, page, "../../solutions/lab8/wrong/no-fence.patch:4:"), None);
        assert_eq!(solution_include(root, page, "../../labs/lab8-x/src/block.rs:block"), None);
        let lines = solution_include(root, page, "../../solutions/lab8/arc.rs:4:");
        assert_eq!(lines.map(|(_, _, r)| r), Some(Region::Lines(4, None)));
        assert!(is_answers_page(Path::new("src/ch05/lab8-answers.md")));
        assert!(!is_answers_page(Path::new("src/ch05/lab8.md")));
        assert_eq!(includes_in("x \\{{#include a.rs}} {{#include b.rs:k}}"), [(1, "b.rs:k".to_string())]);
    }

    #[test]
    fn includes_count_wherever_mdbook_expands_them() {
        let page = "Prose `{{#include a.rs:x}}`\n\n````admonish tip\n```rust\n{{#rustdoc_include b.rs}}\n```\n````\n\n\\{{#include c.rs}}\n";
        assert_eq!(includes_in(page), [(1, "a.rs:x".to_string()), (5, "b.rs".to_string())]);
    }

    #[test]
    fn the_fixture_book_fails_and_names_page_line_and_exercise() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/answer-include");
        let why = scan(&root).expect_err("the fixture's teaching page shows an answer");
        assert!(why.contains("src/teaching.md:7"), "{why}");
        assert!(why.contains("lab1 exercise 1"), "{why}");
        assert!(why.contains("`leak`"), "{why}");
        assert_eq!(
            why.lines().count(),
            2,
            "only the answer is reported, not the given code or the patch: {why}"
        );
    }
}

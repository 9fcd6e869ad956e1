//! `cargo xtask hint labN [exercise]`: graded hints, one more each time.
//!
//! The one source is `hints.md` next to each lab's `Cargo.toml`: a block per
//! exercise between `<!-- ANCHOR: <test> -->` and `<!-- ANCHOR_END: <test> -->`,
//! each hint a collapsible `admonish tip` whose title starts `Hint K of N`.
//! The lab sheet includes the same blocks with `{{#include}}`, so the book
//! and the terminal can never disagree. What was revealed is remembered in
//! `target/hints/<lab>.txt`.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::labs::Lab;

/// One hint: its title line and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Hint {
    /// `Hint 1 of 3: which std functions?`
    pub title: String,
    /// The Markdown inside the admonition.
    pub body: String,
}

/// Prints the next unrevealed hint for `exercise` (a test name such as
/// `ex2_guard`, or its number `2`), or for the first exercise with hints left.
pub fn run(root: &Path, lab_name: &str, exercise: Option<&str>) -> Result<(), String> {
    let labs = crate::labs::discover(root)?;
    let lab = labs.iter().find(|l| l.name == lab_name).ok_or_else(|| {
        let names: Vec<&str> = labs.iter().map(|l| l.name.as_str()).collect();
        format!("no lab named {lab_name}; the labs are {}", names.join(", "))
    })?;
    let hints = parse(&read_hints(lab)?)?;
    let state_file = root.join("target/hints").join(format!("{lab_name}.txt"));
    let mut revealed = load_state(&state_file);
    let test = match exercise {
        Some(which) => resolve(lab, which)?,
        None => first_with_hints_left(lab, &hints, &revealed).ok_or_else(|| {
            format!("every hint of {lab_name} is revealed; name an exercise to see them again")
        })?,
    };
    let list = hints.get(&test).ok_or_else(|| format!("{lab_name} has no hints for {test}"))?;
    let shown = revealed.get(&test).copied().unwrap_or(0);
    let next = shown.min(list.len() - 1);
    for hint in &list[..next] {
        println!("({})", hint.title);
    }
    println!("\n{lab_name} {test}: {}\n\n{}\n", list[next].title, list[next].body.trim_end());
    if next + 1 < list.len() {
        println!(
            "Run the same command again (h⏎ in `cargo xtask watch`) for hint {} of {}.",
            next + 2,
            list.len()
        );
    } else {
        println!("That was the last hint for {test}. The lab sheet has all of them.");
    }
    revealed.insert(test, next + 1);
    save_state(&state_file, &revealed)
}

/// Checks every lab's hints file: it exists and parses, has a block with at
/// least one hint for each exercise and none for a test that does not exist,
/// and the lab sheet includes each block. Returns a one-line summary.
pub fn check(root: &Path, labs: &[Lab]) -> Result<String, String> {
    let mut problems = Vec::new();
    let mut count = 0;
    for lab in labs {
        let hints = match read_hints(lab).and_then(|text| parse(&text)) {
            Ok(hints) => hints,
            Err(why) => {
                problems.push(why);
                continue;
            }
        };
        let sheet_md = root.join("src").join(lab.meta.sheet.replace(".html", ".md"));
        let sheet = pages::parse(&fs::read_to_string(&sheet_md).unwrap_or_default());
        let folder = lab.dir.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        for exercise in &lab.meta.exercises {
            match hints.get(&exercise.test) {
                Some(list) => count += list.len(),
                None => problems.push(format!("{}: hints.md has no block for {}", lab.name, exercise.test)),
            }
            if !sheet.includes_markdown(&format!("labs/{folder}/hints.md:{}", exercise.test)) {
                let (name, sheet, test) = (&lab.name, sheet_md.display(), &exercise.test);
                problems
                    .push(format!("{name}: {sheet} does not {{{{#include}}}} labs/{folder}/hints.md:{test}"));
            }
        }
        for test in hints.keys() {
            if !lab.meta.exercises.iter().any(|e| &e.test == test) {
                problems.push(format!("{}: hints.md has a block for {test}, which is no exercise", lab.name));
            }
        }
    }
    if problems.is_empty() {
        Ok(format!("{count} hints in {} labs, each included by its lab sheet", labs.len()))
    } else {
        Err(format!("hints:\n  {}", problems.join("\n  ")))
    }
}

fn read_hints(lab: &Lab) -> Result<String, String> {
    let path = lab.dir.join("hints.md");
    fs::read_to_string(&path).map_err(|e| {
        format!("{}: {e}; every lab has graded hints there (CONTRIBUTING.md, Hints)", path.display())
    })
}

/// The hints of each exercise, in order, keyed by test name: the `tip`
/// admonitions between each `ANCHOR` and its `ANCHOR_END`.
pub fn parse(text: &str) -> Result<BTreeMap<String, Vec<Hint>>, String> {
    let page = pages::parse(text);
    let mut tips = Vec::new();
    for tip in page.admonitions.iter().filter(|a| a.kind == "tip" && a.block.depth == 0) {
        let title = tip.title.clone().unwrap_or_default();
        if !title.starts_with("Hint ") || tip.block.end_line.is_none() {
            return Err(format!("line {}: a hint is titled `Hint K of N` and closed", tip.block.line));
        }
        tips.push((tip.block.line, Hint { title, body: tip.block.body.clone() }));
    }
    let (mut hints, mut placed) = (BTreeMap::new(), 0);
    for pair in page.anchors.chunks(2) {
        let [start, end] = pair else { return Err("hints.md ends inside a block".into()) };
        if start.end || !end.end || start.name != end.name {
            return Err(format!("line {}: ANCHOR: {} has no ANCHOR_END of its own", start.line, start.name));
        }
        let inside = tips.iter().filter(|(line, _)| (start.line..end.line).contains(line));
        let list: Vec<Hint> = inside.map(|(_, hint)| hint.clone()).collect();
        if list.is_empty() {
            return Err(format!("hint block {}: no hints", start.name));
        }
        placed += list.len();
        hints.insert(start.name.clone(), list);
    }
    (placed == tips.len()).then_some(hints).ok_or_else(|| "a hint outside an ANCHOR block".into())
}

/// `2`, `ex2` or `ex2_guard` to the test name `ex2_guard`.
fn resolve(lab: &Lab, which: &str) -> Result<String, String> {
    let wanted = which.trim_start_matches("ex");
    lab.meta
        .exercises
        .iter()
        .find(|e| e.test == which || e.test.trim_start_matches("ex").split('_').next() == Some(wanted))
        .map(|e| e.test.clone())
        .ok_or_else(|| {
            let tests: Vec<&str> = lab.meta.exercises.iter().map(|e| e.test.as_str()).collect();
            format!("{} has no exercise {which}; its exercises are {}", lab.name, tests.join(", "))
        })
}

fn first_with_hints_left(
    lab: &Lab,
    hints: &BTreeMap<String, Vec<Hint>>,
    revealed: &BTreeMap<String, usize>,
) -> Option<String> {
    lab.meta
        .exercises
        .iter()
        .map(|e| &e.test)
        .find(|test| {
            let total = hints.get(*test).map_or(0, Vec::len);
            revealed.get(*test).copied().unwrap_or(0) < total
        })
        .cloned()
}

fn load_state(path: &Path) -> BTreeMap<String, usize> {
    let text = fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter_map(|line| {
            let (test, n) = line.split_once(' ')?;
            Some((test.to_string(), n.trim().parse().ok()?))
        })
        .collect()
}

fn save_state(path: &Path, revealed: &BTreeMap<String, usize>) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let text: String = revealed.iter().map(|(test, n)| format!("{test} {n}\n")).collect();
    fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_blocks_and_titles() {
        let text = "<!-- ANCHOR: ex1_a -->\n````admonish tip collapsible=true title=\"Hint 1 of 1: x\"\nbody\n````\n<!-- ANCHOR_END: ex1_a -->\n";
        let hints = parse(text).unwrap();
        assert_eq!(hints["ex1_a"], vec![Hint { title: "Hint 1 of 1: x".into(), body: "body\n".into() }]);
    }

    #[test]
    fn a_hint_holding_a_fence_or_indented_in_a_list_is_one_hint() {
        let text = "<!-- ANCHOR: ex1_a -->\n````admonish tip title=\"Hint 1 of 2: x\"\n```rust\nlet x = 1;\n```\n````\n\n- \n  ````admonish tip title=\"Hint 2 of 2: y\"\n  last\n  ````\n<!-- ANCHOR_END: ex1_a -->\n";
        let bodies: Vec<String> = parse(text).unwrap()["ex1_a"].iter().map(|h| h.body.clone()).collect();
        assert_eq!(bodies, ["```rust\nlet x = 1;\n```\n", "last\n"]);
    }
}

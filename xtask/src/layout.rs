//! The labs look alike: every folder and file at the top of a lab (and every
//! folder in its `tests/`) is a row of the layout table in CONTRIBUTING.md,
//! and each row's `labs` column names exactly the labs that have it.

use std::collections::BTreeSet;
use std::path::Path;

use crate::labs::Lab;

/// One row of the table: a path (`tests/support/`, `hints.md`) and the labs
/// that have it (`None` for `all`).
#[derive(Debug, PartialEq)]
struct Row {
    path: String,
    labs: Option<BTreeSet<u32>>,
}

/// Checks every lab against the table; Ok says how many rows and labs.
pub fn check(root: &Path, labs: &[Lab]) -> Result<String, String> {
    let text =
        std::fs::read_to_string(root.join("CONTRIBUTING.md")).map_err(|e| format!("CONTRIBUTING.md: {e}"))?;
    let rows = rows(&text);
    if rows.is_empty() {
        return Err("CONTRIBUTING.md: no layout table (rows `| \\`path\\` | what | labs |`)".into());
    }
    let mut problems = Vec::new();
    for lab in labs {
        for entry in entries(&lab.dir) {
            if !rows.iter().any(|row| row.path == entry || row.path.starts_with(&format!("{entry}/"))) {
                problems.push(format!("{}: `{entry}` is not in CONTRIBUTING.md's layout table", lab.name));
            }
        }
    }
    for row in rows.iter().filter(|row| !row.path.contains('<')) {
        let having: BTreeSet<u32> =
            labs.iter().filter(|lab| lab.dir.join(&row.path).exists()).map(|lab| lab.number).collect();
        let all: BTreeSet<u32> = labs.iter().map(|lab| lab.number).collect();
        let expected = row.labs.as_ref().unwrap_or(&all);
        if &having != expected {
            problems.push(format!(
                "CONTRIBUTING.md's layout table says `{}` is in labs {}, but it is in labs {}",
                row.path,
                list(expected),
                list(&having)
            ));
        }
    }
    if problems.is_empty() {
        Ok(format!("{} labs laid out as the {}-row table says", labs.len(), rows.len()))
    } else {
        Err(problems.join("\n"))
    }
}

/// The rows of the layout table: lines `| \`path\` | … | labs |` whose last
/// cell is `all` or a list of lab numbers.
fn rows(text: &str) -> Vec<Row> {
    text.lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.trim().strip_prefix('|')?.strip_suffix('|')?.split(" | ").collect();
            let path = cells.first()?.trim().strip_prefix('`')?.strip_suffix('`')?;
            let labs = match cells.last()?.trim() {
                "all" => None,
                list => Some(list.split(", ").map(|n| n.parse().ok()).collect::<Option<BTreeSet<u32>>>()?),
            };
            Some(Row { path: path.trim_end_matches('/').into(), labs })
        })
        .collect()
}

/// What a lab folder holds at its top, and the folders in its `tests/`, as
/// paths relative to it (`tests/support`).
fn entries(dir: &Path) -> Vec<String> {
    let names = |dir: &Path| -> Vec<(String, bool)> {
        let name = |path: &Path| path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        crate::walk::entries(dir).iter().map(|path| (name(path), path.is_dir())).collect()
    };
    let mut found: Vec<String> =
        names(dir).into_iter().filter(|(name, _)| name != "target").map(|(name, _)| name).collect();
    found.extend(
        names(&dir.join("tests"))
            .into_iter()
            .filter(|(_, is_dir)| *is_dir)
            .map(|(n, _)| format!("tests/{n}")),
    );
    found.sort();
    found
}

fn list(labs: &BTreeSet<u32>) -> String {
    let numbers: Vec<String> = labs.iter().map(u32::to_string).collect();
    if numbers.is_empty() { "none".into() } else { numbers.join(", ") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_names_its_path_and_labs() {
        let table = "| path | what | labs |\n| --- | --- | --- |\n  | `tests/support/` | helpers | 1, 2, 4 |\n\
                     | `hints.md` | the hints | all |\n| `x` | not a lab list | some |";
        assert_eq!(
            rows(table),
            [
                Row { path: "tests/support".into(), labs: Some([1, 2, 4].into()) },
                Row { path: "hints.md".into(), labs: None },
            ]
        );
    }
}

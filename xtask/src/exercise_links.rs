//! Every page an exercise practises links to that exercise: the page its
//! `book` key names (`ch05-…/refcount.html#…`) has a link to the exercise's
//! heading on the lab sheet (`lab8.md#exercise-1-…`), so a reader who has
//! just learned the idea finds where to try it.

use std::path::Path;

use crate::labs::Lab;

/// Checks every exercise of every lab; Ok counts them.
pub fn check(root: &Path, labs: &[Lab]) -> Result<String, String> {
    let mut problems = Vec::new();
    let mut count = 0;
    for lab in labs {
        let sheet = lab.meta.sheet.rsplit('/').next().unwrap_or(&lab.meta.sheet).replace(".html", ".md");
        for (index, exercise) in lab.meta.exercises.iter().enumerate() {
            count += 1;
            let page = exercise.book.split('#').next().unwrap_or(&exercise.book).replace(".html", ".md");
            if page.ends_with(&sheet) {
                continue;
            }
            let text = std::fs::read_to_string(root.join("src").join(&page))
                .map_err(|e| format!("{}: {}: {e}", lab.name, page))?;
            if !links_to_exercise(&text, &sheet, index + 1) {
                problems.push(format!(
                    "src/{page}: {} exercise {} ({}) practises this page, but the page has no link to it \
                     (`[…]({sheet}#exercise-{}-…)`)",
                    lab.name,
                    index + 1,
                    exercise.title,
                    index + 1
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(format!("{count} exercises, each linked from the page it practises"))
    } else {
        Err(problems.join("\n"))
    }
}

/// Whether `text` has a link `](…<sheet>#exercise-<k>…)`.
fn links_to_exercise(text: &str, sheet: &str, k: usize) -> bool {
    let target = format!("{sheet}#exercise-{k}");
    text.match_indices(&target).any(|(at, _)| {
        let before = &text[..at];
        let after = &text[at + target.len()..];
        let starts_link = before.rfind("](").is_some_and(|open| !before[open..].contains(')'));
        starts_link && after.starts_with(['-', ')'])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_to_the_heading_counts() {
        let page = "Practise this in [Lab 8, exercise 1](lab8.md#exercise-1-myarc-35-min).";
        assert!(links_to_exercise(page, "lab8.md", 1));
        assert!(!links_to_exercise(page, "lab8.md", 2));
        assert!(!links_to_exercise(page, "lab7.md", 1));
    }

    #[test]
    fn exercise_12_is_not_exercise_1() {
        assert!(!links_to_exercise("[x](lab1.md#exercise-12-y)", "lab1.md", 1));
        assert!(!links_to_exercise("see lab1.md#exercise-1-y in the text", "lab1.md", 1));
        assert!(links_to_exercise("[x](../ch01/lab1.md#exercise-1-y)", "lab1.md", 1));
    }
}

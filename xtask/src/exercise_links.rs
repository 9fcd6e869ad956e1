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
            let (name, k, title) = (&lab.name, index + 1, &exercise.title);
            if !links_to_exercise(&text, &sheet, k) {
                problems.push(format!(
                    "src/{page}: {name} exercise {k} ({title}) practises this page, but the page has no link to it \
                     (`[…]({sheet}#exercise-{k}-…)`)"
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

/// Whether `text` has a link to `…<sheet>#exercise-<k>` or `…<sheet>#exercise-<k>-…`.
fn links_to_exercise(text: &str, sheet: &str, k: usize) -> bool {
    let heading = format!("exercise-{k}");
    let to_it = |(page, anchor): (&str, &str)| {
        let rest = anchor.strip_prefix(&heading);
        page.ends_with(sheet) && rest.is_some_and(|rest| rest.is_empty() || rest.starts_with('-'))
    };
    pages::parse(text).links.iter().any(|link| link.target.split_once('#').is_some_and(to_it))
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
    fn exercise_12_text_and_code_are_no_links_to_exercise_1() {
        assert!(!links_to_exercise("[x](lab1.md#exercise-12-y)", "lab1.md", 1));
        assert!(!links_to_exercise("see lab1.md#exercise-1-y in the text", "lab1.md", 1));
        assert!(links_to_exercise("[x](../ch01/lab1.md#exercise-1-y)", "lab1.md", 1));
        assert!(!links_to_exercise("In code: `[x](lab1.md#exercise-1-y)`.", "lab1.md", 1));
        assert!(links_to_exercise("> [Lab 1,\n> exercise 1][e]\n\n[e]: lab1.md#exercise-1\n", "lab1.md", 1));
    }
}

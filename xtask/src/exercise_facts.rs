//! One place for an exercise's facts: `[package.metadata.lab]`. The lab
//! sheet and the stubs must agree with it, and this check says where they
//! do not:
//! - the sheet has one `## Exercise K: <title>` heading per exercise, in
//!   order, with the metadata's title (a trailing `(N min)` aside), and
//!   `(stretch)` (or `(stretch, nightly)`) after the number exactly when
//!   the metadata says `stretch = true`;
//! - the paragraph under it that starts `File:` names exactly the metadata's
//!   `files` in code spans, and one of its links is the metadata's `book`;
//! - every stub `todo!` that says `labN exercise K` is in one of exercise K's
//!   files, and its `(book: ch. N, <section>)` names chapter N of that
//!   exercise's page and a heading that exists in that chapter.

use std::path::Path;

use crate::labs::{Exercise, Lab};

/// Checks every lab; Ok says how many exercises agree.
pub fn check(root: &Path, labs: &[Lab]) -> Result<String, String> {
    let mut problems = Vec::new();
    let mut count = 0;
    for lab in labs {
        match check_lab(root, lab) {
            Ok(n) => count += n,
            Err(found) => problems.extend(found),
        }
    }
    if problems.is_empty() {
        Ok(format!(
            "{count} exercises: each sheet's heading, File: line and Book: link, and each stub's todo!, match the lab's metadata"
        ))
    } else {
        Err(problems.join("\n"))
    }
}

fn check_lab(root: &Path, lab: &Lab) -> Result<usize, Vec<String>> {
    let sheet_path = root.join("src").join(lab.meta.sheet.replace(".html", ".md"));
    let text =
        std::fs::read_to_string(&sheet_path).map_err(|e| vec![format!("{}: {e}", sheet_path.display())])?;
    let shown = sheet_path.strip_prefix(root).unwrap_or(&sheet_path).display().to_string();
    let page = pages::parse(&text);
    let mut problems = Vec::new();
    let headings: Vec<&pages::Heading> =
        page.headings.iter().filter(|h| h.level == 2 && h.text.starts_with("Exercise ")).collect();
    if headings.len() != lab.meta.exercises.len() {
        problems.push(format!(
            "{shown}: {} `## Exercise` headings, but {}'s metadata has {} exercises",
            headings.len(),
            lab.name,
            lab.meta.exercises.len()
        ));
    }
    let lines: Vec<&str> = text.lines().collect();
    for (index, (heading, exercise)) in headings.iter().zip(&lab.meta.exercises).enumerate() {
        let at = format!("{shown}:{}", heading.line);
        if is_stretch_heading(&heading.text) != exercise.stretch {
            let (says, metadata) = if exercise.stretch { ("does not say", "") } else { ("says", " not") };
            problems.push(format!(
                "{at}: the heading {says} `(stretch)`, but {}'s metadata marks exercise {} as{metadata} a stretch \
                 exercise (`stretch = true`)",
                lab.name,
                index + 1
            ));
        }
        match heading_title(&heading.text, index + 1) {
            Some(title) if same_words(&title, &exercise.title) => {}
            Some(title) => problems.push(format!(
                "{at}: exercise {} is `{title}` on the sheet but `{}` in {}'s metadata",
                index + 1,
                exercise.title,
                lab.name
            )),
            None => {
                problems.push(format!("{at}: `{}` is not `Exercise {}: <title>`", heading.text, index + 1))
            }
        }
        let end = headings.get(index + 1).map_or(lines.len(), |next| next.line);
        problems.extend(check_file_line(&page, &lines, heading.line, end, exercise, &sheet_path, root, &at));
    }
    problems.extend(check_stubs(root, lab));
    if problems.is_empty() { Ok(lab.meta.exercises.len()) } else { Err(problems) }
}

/// `Exercise 2 (stretch, nightly): …`: the note after the number names `stretch`.
pub fn is_stretch_heading(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("Exercise ") else { return false };
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    rest.strip_prefix(" (")
        .and_then(|note| note.split_once(')'))
        .is_some_and(|(note, _)| note.split(',').any(|word| word.trim() == "stretch"))
}

/// `Exercise 2 (stretch): Weak, upgrade and get_mut (30 min)` → the title.
fn heading_title(text: &str, number: usize) -> Option<String> {
    let rest = text.strip_prefix(&format!("Exercise {number}"))?;
    let rest = match rest.strip_prefix(" (") {
        Some(note) => note.split_once(')')?.1,
        None => rest,
    };
    let title = rest.strip_prefix(':')?.trim();
    let title = match title.rsplit_once(" (") {
        Some((before, minutes)) if minutes.ends_with(" min)") => before,
        _ => title,
    };
    Some(title.trim().to_string())
}

/// Equal but for case, backticks and spacing.
fn same_words(a: &str, b: &str) -> bool {
    let words = |s: &str| s.replace('`', "").to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
    words(a) == words(b)
}

/// The `File:` paragraph between the heading and the next one.
#[allow(clippy::too_many_arguments)]
fn check_file_line(
    page: &pages::Page,
    lines: &[&str],
    heading: usize,
    end: usize,
    exercise: &Exercise,
    sheet: &Path,
    root: &Path,
    at: &str,
) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(start) = (heading..end).find(|&n| lines.get(n - 1).is_some_and(|l| l.starts_with("File:")))
    else {
        if !exercise.files.is_empty() {
            problems.push(format!(
                "{at}: no `File:` line under the heading, but the metadata names {:?}",
                exercise.files
            ));
        }
        return problems;
    };
    let stop = (start..end).find(|&n| lines.get(n - 1).is_none_or(|l| l.trim().is_empty())).unwrap_or(end);
    let in_paragraph = |line: usize| (start..stop).contains(&line);
    let mut named: Vec<String> = page
        .code_spans
        .iter()
        .filter(|span| in_paragraph(span.line) && span.code.ends_with(".rs"))
        .map(|span| span.code.clone())
        .collect();
    named.sort();
    let mut expected = exercise.files.clone();
    expected.sort();
    if named != expected {
        problems.push(format!(
            "{}:{start}: the `File:` line names {named:?}, the metadata's files are {expected:?}",
            at.rsplit_once(':').map_or(at, |(path, _)| path)
        ));
    }
    let book_root = root.join("src");
    let sheet_dir = sheet.parent().unwrap_or(&book_root);
    let links: Vec<String> = page
        .links
        .iter()
        .filter(|link| in_paragraph(link.line) && !link.target.contains("://"))
        .filter_map(|link| {
            let (path, anchor) = link.target.split_once('#').unwrap_or((&link.target, ""));
            let file = normalize(&sheet_dir.join(path));
            let relative = file.strip_prefix(&book_root).ok()?.display().to_string().replace(".md", ".html");
            Some(if anchor.is_empty() { relative } else { format!("{relative}#{anchor}") })
        })
        .collect();
    if !links.contains(&exercise.book) {
        problems.push(format!(
            "{at}: the metadata's book link `{}` is not among the links of the `File:` line ({links:?})",
            exercise.book
        ));
    }
    problems
}

/// Every `todo!` message of the lab's stubs against the metadata.
fn check_stubs(root: &Path, lab: &Lab) -> Vec<String> {
    let mut problems = Vec::new();
    let needle = format!("{} exercise ", lab.name);
    for file in pages::files_with_extension(&lab.dir.join("src"), "rs") {
        let Ok(text) = std::fs::read_to_string(&file) else { continue };
        let relative = file.strip_prefix(&lab.dir).unwrap_or(&file).display().to_string();
        let shown = file.strip_prefix(root).unwrap_or(&file).display().to_string();
        for (at, _) in text.match_indices(&needle) {
            // The message: this string literal, up to its closing quote.
            let message = text[at..].split('"').next().unwrap_or_default();
            let line = text[..at].lines().count().max(1);
            let digits: String = message[needle.len()..].chars().take_while(char::is_ascii_digit).collect();
            let Some(exercise) =
                digits.parse::<usize>().ok().and_then(|k| lab.meta.exercises.get(k.wrapping_sub(1)))
            else {
                problems.push(format!("{shown}:{line}: `{message}` names no exercise of {}", lab.name));
                continue;
            };
            if !exercise.files.contains(&relative) {
                problems.push(format!(
                    "{shown}:{line}: a todo! of exercise {digits}, whose metadata files are {:?}",
                    exercise.files
                ));
            }
            problems
                .extend(check_book_note(root, exercise, message).map(|why| format!("{shown}:{line}: {why}")));
        }
    }
    problems
}

/// `(book: ch. 5, The last drop)`: chapter 5 is the exercise's page's
/// chapter, and `The last drop` a heading of one of its pages.
fn check_book_note(root: &Path, exercise: &Exercise, message: &str) -> Option<String> {
    let Some(note) = message.split("(book: ch. ").nth(1) else {
        return Some(format!("`{message}` does not end with `(book: ch. N, <section>)`"));
    };
    let (chapter, section) = note.trim_end_matches(')').split_once(", ")?;
    let folder = exercise.book.split('/').next().unwrap_or_default();
    let wanted = folder.strip_prefix("ch").and_then(|n| n.get(..2)).and_then(|n| n.parse::<u32>().ok());
    if wanted.is_none_or(|n| chapter.parse() != Ok(n)) {
        return Some(format!("`{message}` says chapter {chapter}, but the exercise's page is in {folder}"));
    }
    let found = pages::files_with_extension(&root.join("src").join(folder), "md").iter().any(|page| {
        let text = std::fs::read_to_string(page).unwrap_or_default();
        pages::parse(&text).headings.iter().any(|h| same_words(&h.text, section))
    });
    (!found).then(|| format!("`{message}`: chapter {chapter} has no heading `{section}`"))
}

/// `a/b/../c` → `a/c`, without touching the file system.
fn normalize(path: &Path) -> std::path::PathBuf {
    let mut out = std::path::PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_gives_its_title() {
        assert_eq!(heading_title("Exercise 1: MyArc (35 min)", 1).as_deref(), Some("MyArc"));
        assert_eq!(
            heading_title("Exercise 2 (stretch): Weak, upgrade and get_mut (30 min)", 2).as_deref(),
            Some("Weak, upgrade and get_mut")
        );
        assert_eq!(
            heading_title("Exercise 1: A write loop that reuses one buffer", 1).as_deref(),
            Some("A write loop that reuses one buffer")
        );
        assert_eq!(heading_title("Exercise 3: x", 2), None);
        assert!(same_words("`Leak` as an auto trait", "Leak as an  Auto trait"));
    }

    #[test]
    fn only_a_stretch_note_after_the_number_marks_a_stretch_exercise() {
        assert!(is_stretch_heading("Exercise 4 (stretch): extract_if (30 min)"));
        assert!(is_stretch_heading("Exercise 4 (stretch, nightly): `Leak` as an auto trait (15 min)"));
        assert!(!is_stretch_heading("Exercise 4 (nightly): `Leak` as an auto trait (15 min)"));
        assert!(!is_stretch_heading("Exercise 1: a stretch of memory (15 min)"));
        assert!(!is_stretch_heading("Exercise 1: MyArc (stretch)"));
    }
}

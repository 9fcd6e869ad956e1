//! Every chapter page (and lab sheet) in `SUMMARY.md` ends with speaker notes
//! an instructor can teach from: a collapsible admonition titled
//! `Speaker notes` with, in this order, what to draw, the live demo, the
//! questions people ask (with answers) and the wrong turns.

use std::fs;
use std::path::Path;

/// The opening line of the block (fence and info string).
const OPENING: &str = "````admonish note collapsible=true title=\"Speaker notes\"";
/// The parts, in order.
const PARTS: [&str; 4] = ["**Draw:**", "**Live demo:**", "**Questions people ask:**", "**Wrong turns:**"];

/// Checks each chapter page. Returns a one-line summary.
pub fn check(root: &Path) -> Result<String, String> {
    let src = root.join("src");
    let summary = fs::read_to_string(src.join("SUMMARY.md")).map_err(|e| format!("src/SUMMARY.md: {e}"))?;
    let pages = chapter_pages(&summary);
    let mut problems = Vec::new();
    for page in &pages {
        let text = fs::read_to_string(src.join(page)).map_err(|e| format!("src/{page}: {e}"))?;
        if let Err(why) = check_page(&text) {
            problems.push(format!("src/{page}: {why}"));
        }
    }
    if problems.is_empty() {
        Ok(format!("{} chapter pages and lab sheets have speaker notes with all four parts", pages.len()))
    } else {
        Err(format!("speaker notes:\n  {}", problems.join("\n  ")))
    }
}

/// The pages of the numbered chapters: links in `SUMMARY.md` to `chNN-…/`.
fn chapter_pages(summary: &str) -> Vec<String> {
    let links = pages::parse(summary).links.into_iter().map(|link| link.target);
    links.filter(|target| target.starts_with("ch") && target.contains('/')).collect()
}

/// One page: exactly one block, with every part present, in order, and not empty.
pub fn check_page(text: &str) -> Result<(), String> {
    let titled = |a: &pages::Admonition| a.title.as_deref() == Some("Speaker notes");
    let blocks: Vec<pages::Admonition> = pages::parse(text).admonitions.into_iter().filter(titled).collect();
    let block = match blocks.as_slice() {
        [one] if format!("{}{}", one.block.fence, one.block.info) == OPENING => one.block.body.as_str(),
        [one] => return Err(format!("line {}: the speaker notes open with `{OPENING}`", one.block.line)),
        [] => return Err("no speaker notes (a collapsible `Speaker notes` admonition)".into()),
        _ => return Err(format!("{} speaker-notes blocks; keep one", blocks.len())),
    };
    let found = |p| block.find(p).map(|at| (at, p)).ok_or(format!("the speaker notes have no {p}"));
    let mut at = PARTS.into_iter().map(found).collect::<Result<Vec<_>, _>>()?;
    if at.windows(2).any(|pair| pair[0].0 > pair[1].0) {
        return Err(format!("the speaker notes' parts are not in the order {}", PARTS.join(", ")));
    }
    at.push((block.len(), ""));
    for pair in at.windows(2) {
        let body = &block[pair[0].0 + pair[0].1.len()..pair[1].0];
        if body.trim().is_empty() {
            return Err(format!("{} is empty", pair[0].1));
        }
        if pair[0].1 == "**Questions people ask:**" && !body.contains("- *\"") {
            return Err("the questions are not a list of `- *\"question\"* answer` items".into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "# Page\n\n````admonish note collapsible=true title=\"Speaker notes\"\n**Draw:** A box.\n\n**Live demo:** `cargo test -p lab1`.\n\n**Questions people ask:**\n\n- *\"Why?\"* Because.\n\n**Wrong turns:** Forgetting.\n````\n";

    #[test]
    fn complete_notes_pass_and_the_format_shown_in_a_code_block_is_no_second_block() {
        check_page(GOOD).unwrap();
        check_page(&format!("Write them like this:\n\n`````text\n{GOOD}`````\n\n{GOOD}")).unwrap();
    }

    #[test]
    fn missing_empty_or_shuffled_parts_fail() {
        let cases = [
            "# Page without notes\n".to_string(),
            GOOD.replace("**Wrong turns:** Forgetting.", ""),
            GOOD.replace("A box.", ""),
            GOOD.replace("- *\"Why?\"* Because.", "Why? Because."),
            GOOD.replace("**Draw:** A box.", "").replace("**Wrong turns:**", "**Wrong turns:** x\n**Draw:**"),
            format!("{GOOD}{GOOD}"),
            GOOD.replace(" collapsible=true", ""),
            // An indented fence closes the notes before the wrong turns.
            GOOD.replace("\n\n**Wrong turns:**", "\n  ````\n\n**Wrong turns:**"),
        ];
        for case in cases {
            assert!(check_page(&case).is_err(), "passed:\n{case}");
        }
    }

    #[test]
    fn chapter_pages_are_the_numbered_chapters() {
        let summary = "[Introduction](introduction.md)\n- [One](ch01-x/index.md)\n  - [Lab](ch01-x/lab1.md)\n- [Guide](workshop.md)\n";
        assert_eq!(chapter_pages(summary), ["ch01-x/index.md", "ch01-x/lab1.md"]);
    }
}

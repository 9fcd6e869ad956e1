//! Checks the built book's internal links: every relative `href` must name a
//! file that exists and, when it has a `#fragment`, an element with that id.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Checks every page under `book_dir`; returns how many links were checked.
pub fn check(book_dir: &Path) -> Result<usize, String> {
    let pages = html_files(book_dir);
    let mut ids: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    for page in &pages {
        let text = std::fs::read_to_string(page).map_err(|e| format!("{}: {e}", page.display()))?;
        ids.insert(page.clone(), attribute_values(&text, "id").into_iter().collect());
    }
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in &pages {
        // print.html repeats every page, and 404.html uses site-absolute paths.
        let name = page.file_name().unwrap_or_default();
        if name == "print.html" || name == "404.html" {
            continue;
        }
        let text = std::fs::read_to_string(page).map_err(|e| e.to_string())?;
        for href in attribute_values(&text, "href") {
            if href.contains("://") || href.starts_with("mailto:") || href.starts_with("javascript:") {
                continue;
            }
            checked += 1;
            let (path, fragment) = match href.split_once('#') {
                Some((path, fragment)) => (path, Some(fragment)),
                None => (href.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or_default();
            let target = if path.is_empty() {
                page.clone()
            } else {
                normalize(&page.parent().unwrap_or(book_dir).join(path))
            };
            let relative = page.strip_prefix(book_dir).unwrap_or(page).display().to_string();
            if !target.exists() {
                broken.push(format!("{relative}: {href} (no such file)"));
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let known = ids.get(&target).is_some_and(|set| set.contains(fragment));
                if target.extension().is_some_and(|e| e == "html") && !known {
                    broken.push(format!("{relative}: {href} (no element with id `{fragment}`)"));
                }
            }
        }
    }
    if broken.is_empty() {
        Ok(checked)
    } else {
        Err(format!("{} broken internal link(s):\n  {}", broken.len(), broken.join("\n  ")))
    }
}

/// Checks one link given relative to the book's root (`ch01/x.html#id`).
pub fn resolve(book_dir: &Path, link: &str) -> Result<(), String> {
    let (path, fragment) = link.split_once('#').unwrap_or((link, ""));
    let file = book_dir.join(path);
    let text = std::fs::read_to_string(&file).map_err(|_| "no such page".to_string())?;
    if !fragment.is_empty() && !attribute_values(&text, "id").iter().any(|id| id == fragment) {
        return Err(format!("no heading with id `{fragment}`"));
    }
    Ok(())
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    crate::walk::files_with_extension(dir, "html").iter().map(|p| normalize(p)).collect()
}

/// Resolves `.` and `..` without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Every value of `attr="…"` in `html` (HTML-decoded for `&amp;`).
fn attribute_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.split(&needle)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|value| value.replace("&amp;", "&"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_broken_file_link_and_a_broken_anchor() {
        let dir = std::env::temp_dir().join(format!("fmn-links-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("ch")).unwrap();
        std::fs::write(
            dir.join("index.html"),
            r#"<a href="ch/a.html#here">ok</a> <a href="ch/a.html#gone">x</a> <a href="nope.html">y</a>"#,
        )
        .unwrap();
        std::fs::write(dir.join("ch/a.html"), r#"<h2 id="here">Here</h2><a href="../index.html">up</a>"#)
            .unwrap();
        let err = check(&dir).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(err.contains("2 broken"), "{err}");
        assert!(err.contains("#gone") && err.contains("nope.html"), "{err}");
    }
}

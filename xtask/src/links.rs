//! Resolves a link the labs' metadata gives (a lab's sheet, the page an
//! exercise practises) in the built book: the page must exist and, with a
//! `#fragment`, have an element with that id. The links *on* the pages are
//! checked once, by the browser stage, in Chromium, as a reader follows them.

use std::path::Path;

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
    fn a_missing_page_and_a_missing_anchor_are_refused() {
        let dir = std::env::temp_dir().join(format!("fmn-links-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("ch")).unwrap();
        std::fs::write(dir.join("ch/a.html"), r#"<h2 id="here">Here &amp; now</h2>"#).unwrap();
        let results =
            [resolve(&dir, "ch/a.html#here"), resolve(&dir, "ch/a.html#gone"), resolve(&dir, "nope.html")];
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(results[0], Ok(()));
        assert_eq!(results[1], Err("no heading with id `gone`".to_string()));
        assert_eq!(results[2], Err("no such page".to_string()));
    }
}

//! The book's outline as a reader sees it in the sidebar: each chapter
//! folder `chNN-…` is chapter NN, its `index.html` is numbered `NN.` and
//! every other page of the folder is a section numbered `NN.k.` under it;
//! and a link whose text says "chapter N" leads to a page of chapter N.

use std::collections::{BTreeMap, BTreeSet};

/// What one page's sidebar and prose showed.
pub struct Numbered {
    /// The page, relative to the book (`ch03-owned-buffers/mpi.html`).
    pub rel: String,
    /// The number the sidebar gives the page (`3.1.`), if it is in the sidebar.
    pub sidebar: Option<String>,
    /// Links whose text says "chapter N": (N, the page they lead to, relative to the book).
    pub chapter_links: Vec<(u32, String)>,
    /// Every "chapter N" the page's text says.
    pub mentions: Vec<u32>,
}

/// The chapter a page belongs to by its folder, and whether it is the chapter's first page.
fn chapter_of(rel: &str) -> Option<(u32, bool)> {
    let (folder, file) = rel.split_once('/')?;
    let digits = folder.strip_prefix("ch")?.split_once('-')?.0;
    let n = digits.parse().ok()?;
    Some((n, file == "index.html"))
}

/// The numbers of a sidebar label: `"3.1."` is `[3, 1]`.
fn parts(label: &str) -> Vec<u32> {
    label.split('.').filter(|p| !p.is_empty()).filter_map(|p| p.trim().parse().ok()).collect()
}

/// Every way the sidebar disagrees with the folders, or the prose with the sidebar.
pub fn check(pages: &[Numbered]) -> Vec<String> {
    let mut problems = Vec::new();
    let numbers: BTreeMap<&str, Vec<u32>> =
        pages.iter().filter_map(|p| Some((p.rel.as_str(), parts(p.sidebar.as_deref()?)))).collect();
    let mut chapters = BTreeSet::new();
    for page in pages {
        let Some((n, first)) = chapter_of(&page.rel) else { continue };
        chapters.insert(n);
        let Some(label) = &page.sidebar else {
            problems.push(format!("{}: not in the sidebar", page.rel));
            continue;
        };
        let got = parts(label);
        let fits = if first { got == [n] } else { got.len() == 2 && got[0] == n };
        if !fits {
            let wanted = if first { format!("{n}.") } else { format!("{n}.k., a section of chapter {n}") };
            problems.push(format!("{}: the sidebar numbers it {label:?}; it should be {wanted}", page.rel));
        }
    }
    for page in pages {
        for (n, target) in &page.chapter_links {
            match numbers.get(target.as_str()) {
                Some(got) if got.first() == Some(n) => {}
                Some(got) => problems.push(format!(
                    "{}: a link says \"chapter {n}\" but leads to {target}, numbered {} in the sidebar",
                    page.rel,
                    got.iter().map(|p| format!("{p}.")).collect::<String>()
                )),
                None => problems.push(format!(
                    "{}: a link says \"chapter {n}\" but leads to {target}, which the sidebar does not number",
                    page.rel
                )),
            }
        }
        for n in page.mentions.iter().filter(|n| !chapters.contains(n)) {
            problems.push(format!(
                "{}: the text says \"chapter {n}\"; the book's chapters are {}",
                page.rel,
                chapters.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(rel: &str, sidebar: &str) -> Numbered {
        Numbered {
            rel: rel.into(),
            sidebar: (!sidebar.is_empty()).then(|| sidebar.into()),
            chapter_links: vec![],
            mentions: vec![],
        }
    }

    #[test]
    fn a_well_nested_book_passes() {
        let mut intro = page("introduction.html", "");
        intro.chapter_links.push((2, "ch02-b/index.html".into()));
        intro.mentions.push(2);
        let pages = [
            intro,
            page("ch01-a/index.html", "1."),
            page("ch01-a/x.html", "1.1."),
            page("ch02-b/index.html", "2."),
            page("ch02-b/lab.html", "2.1."),
        ];
        assert_eq!(check(&pages), Vec::<String>::new());
    }

    #[test]
    fn a_section_that_became_a_chapter_fails() {
        let pages = [page("ch03-c/index.html", "3."), page("ch03-c/io.html", "4.")];
        let problems = check(&pages);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("ch03-c/io.html: the sidebar numbers it \"4.\""), "{problems:?}");
    }

    #[test]
    fn a_chapter_link_to_another_chapter_fails() {
        let mut from = page("ch01-a/index.html", "1.");
        from.chapter_links.push((5, "ch02-b/index.html".into()));
        from.mentions.push(7);
        let pages = [from, page("ch02-b/index.html", "2.")];
        let problems = check(&pages);
        assert!(
            problems.iter().any(|p| p.contains("says \"chapter 5\" but leads to ch02-b/index.html")),
            "{problems:?}"
        );
        assert!(problems.iter().any(|p| p.contains("the text says \"chapter 7\"")), "{problems:?}");
    }
}

//! `browser-check`: the book tested in a real browser. Serves a built mdBook
//! on localhost, loads every page in headless Chromium and reports console
//! errors, diagrams that did not render, admonitions without their styles or
//! that do not open, collapsibles that are open before a click, blocks a
//! preprocessor left unprocessed, a sidebar whose numbering does not follow
//! the chapter folders (and prose whose "chapter N" disagrees with it),
//! internal links or anchors that lead nowhere, and search terms that find
//! nothing; then loads a few pages and the search from
//! `file://`, as the offline bundle opens them. Lists the external links, and with
//! `--external check` asks each of them where a network exists.
//!
//! `browser-check check <book> --out <dir> [--search TERM=FOLDER]… [--screenshot PAGE]… [--external list|check]`
//! `browser-check pdf <book> <file.pdf>`: the print page as a PDF.

mod cdp;
mod external;
mod outline;
mod serve;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use serde_json::{Value, json};

use cdp::Browser;

/// The book's `site-url` (book.toml): the server puts the book under it.
const PREFIX: &str = "/forget-me-not/";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("check") => check(&args[1..]),
        Some("pdf") if args.len() == 3 => pdf(Path::new(&args[1]), Path::new(&args[2])),
        _ => Err("usage: browser-check check <book> --out <dir> [--search TERM=FOLDER]… [--screenshot PAGE]…\n       browser-check pdf <book> <file.pdf>".into()),
    };
    match result {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(why) => {
            eprintln!("{why}");
            ExitCode::FAILURE
        }
    }
}

/// What one page showed.
struct Page {
    rel: String,
    ids: BTreeSet<String>,
    internal: Vec<(String, String)>,
}

fn check(args: &[String]) -> Result<String, String> {
    let book = PathBuf::from(args.first().ok_or("no book folder")?);
    let mut out = PathBuf::from("target/browser");
    let (mut searches, mut shots) = (Vec::new(), Vec::new());
    let mut ask_external = false;
    let mut rest = args[1..].iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--out" => out = PathBuf::from(value),
            "--search" => searches.push(value.split_once('=').ok_or("--search TERM=FOLDER")?),
            "--screenshot" => shots.push(value.clone()),
            "--external" => ask_external = value == "check",
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    std::fs::create_dir_all(out.join("screenshots")).map_err(|e| e.to_string())?;
    let base = serve::start(&book, PREFIX).map_err(|e| format!("serve: {e}"))?;
    let mut browser = Browser::start()?;
    let mut problems = Vec::new();
    let mut pages = Vec::new();
    let mut numbered = Vec::new();
    let mut external = BTreeSet::new();
    let mut unreachable = BTreeSet::new();
    let (mut diagrams, mut admonitions) = (0, 0);
    for rel in html_files(&book) {
        let url = format!("{base}{rel}");
        let report = match load(&mut browser, &url, include_str!("check.js")) {
            Ok(report) => report,
            Err(why) => {
                problems.push(format!("{rel}: {why}"));
                continue;
            }
        };
        let (errors, offline) = console_errors(&browser.events, &base);
        for error in errors {
            problems.push(format!("{rel}: console error: {error}"));
        }
        unreachable.extend(offline);
        for key in ["mermaid", "admonitions", "raw"] {
            for what in report[key].as_array().into_iter().flatten() {
                problems.push(format!("{rel}: {}", what.as_str().unwrap_or_default()));
            }
        }
        numbered.push(numbered_page(&rel, &report, &base));
        diagrams += report["diagrams"].as_u64().unwrap_or(0);
        admonitions += report["styled"].as_u64().unwrap_or(0);
        external.extend(
            report["external"].as_array().into_iter().flatten().filter_map(|v| v.as_str()).map(String::from),
        );
        // A screenshot `page.html#heading` is taken with that heading at the top.
        for shot in shots.iter().filter(|s| s.split('#').next() == Some(rel.as_str())) {
            if let Some((_, anchor)) = shot.split_once('#') {
                let scroll = format!("document.getElementById({anchor:?})?.scrollIntoView(); true");
                browser.eval(&scroll)?;
            }
            let name = shot.replace(['/', '#'], "_").replace(".html", "");
            screenshot(&mut browser, &out.join("screenshots").join(format!("{name}.png")))?;
        }
        let ids = report["ids"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str())
            .map(String::from)
            .collect();
        let internal = report["internal"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|l| {
                (l["page"].as_str().unwrap_or("").to_string(), l["hash"].as_str().unwrap_or("").to_string())
            })
            .collect();
        pages.push(Page { rel, ids, internal });
    }
    let links = check_links(&book, &base, &pages, &mut problems);
    let outline = outline::check(&numbered);
    let chapters =
        numbered.iter().filter(|p| p.rel.starts_with("ch") && p.rel.ends_with("/index.html")).count();
    problems.extend(outline);
    for (term, folder) in &searches {
        if let Err(why) = search(&mut browser, &base, term, folder) {
            problems.push(format!("search for \"{term}\": {why}"));
        }
    }
    offline_copy(&mut browser, &book, &shots, searches.first(), &mut problems)?;
    // The book's own pages served locally (the setup page shows `serve`'s address) are no external links.
    let external: Vec<String> =
        external.into_iter().filter(|url| !url.starts_with("http://localhost")).collect();
    let (listed, asked) = if ask_external {
        let answers = external::ask_all(&external);
        let (report, verdict) = external::verdict(&external, &answers);
        (report, Some(verdict))
    } else {
        (external.iter().map(|url| format!("{url}\n")).collect(), None)
    };
    std::fs::write(out.join("external-links.txt"), listed).map_err(|e| e.to_string())?;
    let external_note = match asked {
        None => format!("{} external links listed", external.len()),
        Some(Ok(note)) => note,
        Some(Err(why)) => {
            problems.push(why);
            String::new()
        }
    };
    if problems.is_empty() {
        Ok(format!(
            "{} pages loaded with no console errors; {diagrams} diagrams rendered; {admonitions} admonitions styled, \
             every collapsible closed until clicked, no block left unprocessed; the sidebar numbers {chapters} \
             chapters with their sections, as the prose does; {links} internal links and anchors resolve; {} search terms found; from file:// as the offline bundle \
             opens it, {} pages and the search work; {external_note} in {}{}",
            pages.len(),
            searches.len(),
            shots.iter().filter(|s| !s.contains('#')).count(),
            out.join("external-links.txt").display(),
            if unreachable.is_empty() {
                String::new()
            } else {
                format!(
                    "; unreachable without a network (not errors): {}",
                    unreachable.into_iter().collect::<Vec<_>>().join(", ")
                )
            }
        ))
    } else {
        Err(format!("the book in a browser: {} problems\n  {}", problems.len(), problems.join("\n  ")))
    }
}

/// The offline bundle opens the same files from `file://`: the screenshot
/// pages must load there with their diagrams and admonitions and no console
/// error, and the search must work.
fn offline_copy(
    browser: &mut Browser,
    book: &Path,
    pages: &[String],
    search_for: Option<&(&str, &str)>,
    problems: &mut Vec<String>,
) -> Result<(), String> {
    let dir = std::fs::canonicalize(book).map_err(|e| format!("{}: {e}", book.display()))?;
    let base = format!("file://{}/", dir.display());
    for rel in pages.iter().filter(|p| !p.contains('#')) {
        match load(browser, &format!("{base}{rel}"), include_str!("check.js")) {
            Ok(report) => {
                for error in console_errors(&browser.events, &base).0 {
                    problems.push(format!("file://…/{rel}: console error: {error}"));
                }
                for key in ["mermaid", "admonitions", "raw"] {
                    for what in report[key].as_array().into_iter().flatten() {
                        problems.push(format!("file://…/{rel}: {}", what.as_str().unwrap_or_default()));
                    }
                }
            }
            Err(why) => problems.push(format!("file://…/{rel}: {why}")),
        }
    }
    if let Some((term, folder)) = search_for
        && let Err(why) = search(browser, &base, term, folder)
    {
        problems.push(format!("search from file:// for \"{term}\": {why}"));
    }
    Ok(())
}

/// The sidebar number and the "chapter N" of one page's report; link
/// targets relative to the book.
fn numbered_page(rel: &str, report: &Value, base: &str) -> outline::Numbered {
    let number = |v: &Value| v.as_str().and_then(|n| n.parse().ok());
    outline::Numbered {
        rel: rel.to_string(),
        sidebar: report["sidebar"].as_str().filter(|s| !s.is_empty()).map(String::from),
        chapter_links: report["chapterLinks"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|l| {
                let target = l["page"].as_str()?.strip_prefix(base)?;
                let target = if target.is_empty() || target.ends_with('/') {
                    format!("{target}index.html")
                } else {
                    target.to_string()
                };
                Some((number(&l["n"])?, target))
            })
            .collect(),
        mentions: report["chapterMentions"].as_array().into_iter().flatten().filter_map(number).collect(),
    }
}

/// Navigates and runs `script` once the load event has fired.
fn load(browser: &mut Browser, url: &str, script: &str) -> Result<Value, String> {
    browser.events.clear();
    let nav = browser.call("Page.navigate", json!({ "url": url }))?;
    if let Some(error) = nav.get("errorText") {
        return Err(format!("did not load: {error}"));
    }
    browser.wait_for("Page.loadEventFired", Duration::from_secs(20))?;
    browser.eval(script)
}

/// Uncaught exceptions, `console.error` calls and failed loads since
/// navigation; and, apart, the URLs outside the book that failed to load.
/// Those fail only without a network (the playground's crate list): they and
/// the `Failed to fetch` they cause are listed, not counted as errors.
fn console_errors(events: &[Value], base: &str) -> (Vec<String>, Vec<String>) {
    let origin = base.trim_end_matches(PREFIX);
    let offline: Vec<String> = events
        .iter()
        .filter(|e| e["method"] == "Log.entryAdded" && e["params"]["entry"]["level"] == "error")
        .filter_map(|e| e["params"]["entry"]["url"].as_str())
        .filter(|url| !url.is_empty() && !url.starts_with(origin))
        .map(String::from)
        .collect();
    let errors = events
        .iter()
        .filter_map(|e| {
            let p = &e["params"];
            match e["method"].as_str()? {
                "Runtime.exceptionThrown" => Some(
                    p["exceptionDetails"]["exception"]["description"]
                        .as_str()
                        .or(p["exceptionDetails"]["text"].as_str())?
                        .to_string(),
                ),
                "Runtime.consoleAPICalled" if p["type"] == "error" => Some(
                    p["args"]
                        .as_array()?
                        .iter()
                        .map(|a| a["value"].as_str().or(a["description"].as_str()).unwrap_or("?"))
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                "Log.entryAdded"
                    if p["entry"]["level"] == "error"
                        && !offline.iter().any(|url| p["entry"]["url"] == url.as_str()) =>
                {
                    Some(format!(
                        "{} {}",
                        p["entry"]["text"].as_str()?,
                        p["entry"]["url"].as_str().unwrap_or("")
                    ))
                }
                _ => None,
            }
        })
        .filter(|error| offline.is_empty() || !error.contains("TypeError: Failed to fetch"))
        .collect();
    (errors, offline)
}

/// Every internal link leads to a file, and every anchor to an id on its page.
fn check_links(book: &Path, base: &str, pages: &[Page], problems: &mut Vec<String>) -> usize {
    let ids: BTreeMap<&str, &BTreeSet<String>> = pages.iter().map(|p| (p.rel.as_str(), &p.ids)).collect();
    let mut count = 0;
    for page in pages {
        for (target, hash) in &page.internal {
            count += 1;
            let Some(rel) = target.strip_prefix(base) else {
                problems.push(format!("{}: link outside the book: {target}", page.rel));
                continue;
            };
            let rel = if rel.is_empty() || rel.ends_with('/') {
                format!("{rel}index.html")
            } else {
                rel.to_string()
            };
            if !book.join(&rel).is_file() {
                problems.push(format!("{}: link to a missing page: {rel}", page.rel));
            } else if !hash.is_empty()
                && let Some(known) = ids.get(rel.as_str())
                && !known.contains(hash)
            {
                problems.push(format!("{}: dangling anchor {rel}#{hash}", page.rel));
            }
        }
    }
    count
}

/// The book's search (mdBook reads `?search=` on load) finds `term` on a page in `folder`.
fn search(browser: &mut Browser, base: &str, term: &str, folder: &str) -> Result<(), String> {
    let url = format!("{base}index.html?search={}", term.replace(' ', "+"));
    let script = "(async () => { for (let i = 0; i < 100; i++) { \
        const hits = [...document.querySelectorAll('#searchresults a')].map(a => a.getAttribute('href')); \
        if (hits.length) return hits; await new Promise(r => setTimeout(r, 100)); } return []; })()";
    let hits = load(browser, &url, script)?;
    let hits: Vec<&str> = hits.as_array().into_iter().flatten().filter_map(|v| v.as_str()).collect();
    if hits.iter().any(|h| h.contains(folder)) {
        Ok(())
    } else {
        Err(format!("no result in {folder}/ (results: {})", hits.join(", ")))
    }
}

fn screenshot(browser: &mut Browser, file: &Path) -> Result<(), String> {
    let shot = browser.call("Page.captureScreenshot", json!({ "format": "png" }))?;
    let png = cdp::base64_decode(shot["data"].as_str().ok_or("no screenshot data")?)?;
    std::fs::write(file, png).map_err(|e| format!("{}: {e}", file.display()))
}

/// The print page, with its diagrams rendered, as an A4 PDF.
fn pdf(book: &Path, file: &Path) -> Result<String, String> {
    let base = serve::start(book, PREFIX).map_err(|e| format!("serve: {e}"))?;
    let mut browser = Browser::start()?;
    // print.html calls window.print() on load, which would hold the page
    // while we ask for the PDF ourselves.
    browser.call("Page.addScriptToEvaluateOnNewDocument", json!({ "source": "window.print = () => {};" }))?;
    let wait = "(async () => { for (let i = 0; i < 300; i++) { \
        if ([...document.querySelectorAll('pre.mermaid')].every(d => d.querySelector('svg'))) return true; \
        await new Promise(r => setTimeout(r, 100)); } return false; })()";
    if load(&mut browser, &format!("{base}print.html"), wait)? != json!(true) {
        return Err("print.html: the diagrams did not render within 30 s".into());
    }
    let printed = browser.call(
        "Page.printToPDF",
        json!({ "printBackground": true, "paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": true }),
    )?;
    let bytes = cdp::base64_decode(printed["data"].as_str().ok_or("no PDF data")?)?;
    std::fs::write(file, &bytes).map_err(|e| format!("{}: {e}", file.display()))?;
    Ok(format!("{} ({} KiB)", file.display(), bytes.len() / 1024))
}

/// Every `.html` file of the book, as paths relative to it, sorted.
fn html_files(book: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![book.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html")
                && let Ok(rel) = path.strip_prefix(book)
            {
                found.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    found
}

//! The book tested in a real browser: `cargo xtask browser`.
//!
//! The driver is `xtask/browser-check`, a small crate of its own workspace
//! that speaks the DevTools protocol to Debian's headless Chromium over a
//! blocking WebSocket (tungstenite, no async runtime, no Node), and asks the
//! external links with ureq. Being a workspace of its own, it is built only
//! here and by the self-tests stage (its unit tests), never by `cargo xtask`
//! itself or the lab stages. Why not
//! the alternatives: chromiumoxide pulls in an async runtime and generated
//! bindings for the whole protocol (minutes to build on two cores);
//! fantoccini needs chromedriver as a second process and WebDriver cannot
//! read console errors portably; Playwright needs Node and downloads its own
//! browser, which a package-only network refuses.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::cmd::Cmd;

/// Pages whose screenshots go to `target/browser/screenshots` (CI uploads
/// them); `page.html#heading` is taken scrolled to that heading.
const SCREENSHOTS: &[&str] = &[
    "introduction.html",
    "ch01-destruction-guarantee/index.html",
    "ch01-destruction-guarantee/lab1.html",
    "ch03-owned-buffers/mpi.html",
    "ch03-owned-buffers/io-uring.html#a-dropped-operation-parks-its-buffer",
    "ch03-owned-buffers/lab4-answers.html",
    "ch04-drop-flags/trap.html#a-trap-in-the-callers-frame",
    "ch05-atomic-deallocation/refcount.html#the-last-drop",
    "ch05-atomic-deallocation/refcount.html#two-counts-two-loads-one-race",
    "ch05-atomic-deallocation/lab8-answers.html",
    "ch05-atomic-deallocation/lab8.html#exercise-2-stretch-weak-upgrade-and-get_mut-30-min",
    "workshop.html",
    "workshop-setup.html#two-nodes-on-one-machine",
    "ch02-guards-and-closures/panic-safety.html",
    "ch03-owned-buffers/mpi.html#requests-that-own-their-buffers",
    "ch03-owned-buffers/lab3.html#on-more-than-one-machine",
    "ch03-owned-buffers/dma.html#a-transfer-that-owns-its-buffer",
    "ch03-owned-buffers/lab6.html#exercise-2-the-host-reads-what-the-guest-wrote",
    "ch03-owned-buffers/io-uring.html#measuring-the-cost",
    "ch05-atomic-deallocation/lab8.html#exercise-4-stretch-clone-on-write-with-weak-handles-30-min",
    "ch01-destruction-guarantee/lab1-answers.html#exercise-5-stretch-a-filtering-drain-forgotten-or-interrupted",
    "ch02-guards-and-closures/guarded-closures.html#lending-chunks-to-a-pool-of-workers",
    "ch03-owned-buffers/lab3-answers.html#exercise-4-stretch-one-domain-owned-pieces",
    "how-to-use.html#work-through-a-lab",
    "ch05-atomic-deallocation/loom.html#what-loom-reports-when-the-fence-is-missing",
    "ch05-atomic-deallocation/refcount.html",
];

/// Builds the book and checks every page of it in headless Chromium.
pub fn run(root: &Path) -> Result<String, String> {
    crate::book::build(root)?;
    let checker = build_checker(root)?;
    let mut cmd = Cmd::new(&checker).args(["check"]).args([root.join("book")]).args(["--out"]);
    cmd = cmd.args([root.join("target/browser")]);
    cmd = cmd.args(["--external", "check"]);
    for (term, folder) in search_terms(root) {
        cmd = cmd.args(["--search".to_string(), format!("{term}={folder}")]);
    }
    for page in SCREENSHOTS {
        cmd = cmd.args(["--screenshot", page]);
    }
    let out = cmd.dir(root).limit(Duration::from_secs(10 * 60)).capture()?;
    if out.success() {
        Ok(out.stdout.trim().to_string())
    } else {
        Err(format!(
            "{}{}",
            out.stderr.trim(),
            if out.timed_out { "\n(killed after 10 minutes)" } else { "" }
        ))
    }
}

/// Proves the stage has teeth: the fixture book in `xtask/fixtures/browser-broken`
/// (a broken diagram, a dangling anchor, an unstyled admonition, an included
/// admonition left raw, a mis-nested summary, prose naming the wrong chapter,
/// a collapsible that starts open)
/// must fail it, with each fault named.
pub fn self_test(root: &Path) -> Result<String, String> {
    let fixture = root.join("target/browser/fixture");
    let _ = std::fs::remove_dir_all(&fixture);
    crate::walk::copy_tree(
        &root.join("xtask/fixtures/browser-broken"),
        &fixture,
        &[],
        crate::walk::Copy::Fresh,
    )?;
    for js in ["mermaid.min.js", "mermaid-init.js"] {
        std::fs::copy(root.join("theme").join(js), fixture.join(js)).map_err(|e| format!("{js}: {e}"))?;
    }
    let built = Cmd::new("mdbook").args(["build"]).dir(&fixture).limit(Duration::from_secs(120)).capture()?;
    if !built.success() {
        return Err(format!("the fixture book did not build:\n{}", built.stderr));
    }
    let checker = build_checker(root)?;
    let out = Cmd::new(&checker)
        .args(["check"])
        .args([fixture.join("book")])
        .args(["--out"])
        .args([fixture.join("out")])
        .limit(Duration::from_secs(5 * 60))
        .capture()?;
    if out.success() {
        return Err("the browser stage passed the broken fixture book".into());
    }
    let wanted = [
        ("the broken diagram", "rendered as \"Syntax error\""),
        ("the dangling anchor", "dangling anchor broken.html#no-such-heading"),
        ("the unstyled admonition", "has no style"),
        ("the included admonition left raw", "an unprocessed `admonish"),
        (
            "the section the summary cut off its chapter",
            "ch01-first/stray.html: the sidebar numbers it \"2.\"",
        ),
        ("the link that says the wrong chapter", "says \"chapter 2\" but leads to ch01-first/index.html"),
        ("the collapsible that starts open", "is open before it is clicked"),
    ];
    let missed: Vec<&str> =
        wanted.iter().filter(|(_, text)| !out.stderr.contains(text)).map(|(what, _)| *what).collect();
    if missed.is_empty() {
        Ok(format!(
            "the broken fixture fails it: {}",
            wanted.iter().map(|(what, _)| *what).collect::<Vec<_>>().join(", ")
        ))
    } else {
        Err(format!(
            "the browser stage missed {} in the fixture; it said:\n{}",
            missed.join(", "),
            out.stderr
        ))
    }
}

/// The print page as a PDF (for `cargo xtask bundle`); the book must be built.
pub fn pdf(root: &Path, book: &Path, file: &Path) -> Result<String, String> {
    let checker = build_checker(root)?;
    let out = Cmd::new(&checker)
        .args(["pdf"])
        .args([book])
        .args([file])
        .limit(Duration::from_secs(5 * 60))
        .capture()?;
    if out.success() { Ok(out.stdout.trim().to_string()) } else { Err(format!("PDF: {}", out.stderr.trim())) }
}

/// Builds `browser-check` into the workspace's `target/` and returns its path.
fn build_checker(root: &Path) -> Result<PathBuf, String> {
    let manifest = root.join("xtask/browser-check/Cargo.toml");
    let out = Cmd::cargo()
        .args(["build", "--quiet", "--locked", "--manifest-path"])
        .args([&manifest])
        .env("CARGO_TARGET_DIR", root.join("target"))
        .dir(root)
        .limit(Duration::from_secs(15 * 60))
        .capture()?;
    if !out.success() {
        return Err(format!("building xtask/browser-check failed:\n{}", out.stderr));
    }
    Ok(root.join("target/debug/browser-check"))
}

/// One search term per chapter: the title of its first page, expected to
/// find a page in the chapter's folder.
fn search_terms(root: &Path) -> Vec<(String, String)> {
    crate::walk::entries(&root.join("src"))
        .iter()
        .filter(|p| p.join("index.md").is_file())
        .filter_map(|dir| {
            let text = std::fs::read_to_string(dir.join("index.md")).ok()?;
            let title = text.lines().find_map(|l| l.strip_prefix("# "))?.trim().to_string();
            Some((title, dir.file_name()?.to_string_lossy().into_owned()))
        })
        .collect()
}

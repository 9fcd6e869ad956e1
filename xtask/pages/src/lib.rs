//! The book's pages as mdBook 0.4.52 reads them, for every check that reads a page.
//!
//! [`parse`] turns a page's Markdown into a [`Page`]: its code blocks (with
//! their info strings), its ```` ```admonish ```` admonitions (whose bodies
//! are parsed again, so blocks, spans and links inside them count too), its
//! headings with the ids mdBook gives them, its `{{#include}}`-like
//! directives, inline code spans, links, tables and `ANCHOR` markers, each
//! with the 1-based line it starts on. pulldown-cmark, the parser mdBook
//! renders with, does the reading, so code spans that wrap across lines,
//! indented fences and fences inside admonitions are what a reader sees.
//! [`files_with_extension`] finds the pages.

mod admonish;
mod includes;
mod lines;
mod read;

/// A page's parts, each list in page order (by line).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Page {
    /// Code blocks, fenced or indented, including those inside admonitions
    /// (but not the admonitions themselves).
    pub code_blocks: Vec<CodeBlock>,
    /// ```` ```admonish ```` blocks, nested ones included.
    pub admonitions: Vec<Admonition>,
    /// Headings, ATX (`## …`) or setext, with mdBook's ids.
    pub headings: Vec<Heading>,
    /// `{{#include}}`, `{{#rustdoc_include}}` and `{{#playground}}` directives
    /// that mdBook expands (not the escaped `\{{#…}}`), wherever they stand.
    pub includes: Vec<Include>,
    /// Inline code spans.
    pub code_spans: Vec<CodeSpan>,
    /// Links (inline, reference and autolinks), by target.
    pub links: Vec<Link>,
    /// Tables (GitHub style, as mdBook enables them).
    pub tables: Vec<Table>,
    /// `ANCHOR: name` and `ANCHOR_END: name` markers, found on raw lines as
    /// mdBook finds them in a file that is included by anchor.
    pub anchors: Vec<Anchor>,
}

/// A code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlock {
    /// Line of the opening fence (of the first line, for an indented block).
    pub line: usize,
    /// Line of the closing fence; `None` for an indented block or a fence
    /// that runs to the end of the page (or of its container).
    pub end_line: Option<usize>,
    /// The fence as written (```` ``` ````, `~~~~`); empty for an indented block.
    pub fence: String,
    /// The info string after the fence (`rust,should_panic`), trimmed.
    pub info: String,
    /// The code, each line ending in `\n`, with the fence's indentation removed.
    pub body: String,
    /// Line of the body's first line.
    pub body_line: usize,
    /// How many admonitions the block sits in.
    pub depth: usize,
}

impl CodeBlock {
    /// The info string's first word: `rust` for `rust,ignore`.
    pub fn language(&self) -> &str {
        self.attributes().next().unwrap_or("")
    }

    /// The info string's words, split at commas and blanks.
    pub fn attributes(&self) -> impl Iterator<Item = &str> {
        self.info.split([',', ' ', '\t']).filter(|t| !t.is_empty())
    }

    /// The body's lines with their line numbers on the page.
    pub fn lines(&self) -> impl Iterator<Item = (usize, &str)> {
        self.body.lines().enumerate().map(|(index, line)| (self.body_line + index, line))
    }
}

/// A ```` ```admonish <kind> key=value… ```` block (mdbook-admonish).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admonition {
    /// The fenced block: its fence, info string, lines and Markdown body.
    pub block: CodeBlock,
    /// `note`, `tip`, `warning`, … (empty when the info string names none).
    pub kind: String,
    /// The `title="…"` attribute.
    pub title: Option<String>,
    /// Whether `collapsible=true`.
    pub collapsible: bool,
}

/// A heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// Its line (the text's line, for a setext heading).
    pub line: usize,
    /// 1 for `#`, up to 6.
    pub level: usize,
    /// The text a reader sees: code without its backticks, links without their targets.
    pub text: String,
    /// The id mdBook gives it (`{#id}` when the heading sets one), unique on the page.
    pub id: String,
}

/// Where an include stands, which decides what mdBook's expansion yields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// In the page's (or an admonition's) Markdown.
    Prose,
    /// Inside an inline code span.
    CodeSpan,
    /// Inside a code block.
    CodeBlock,
}

/// A `{{#include path[:anchor]}}`-like directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Include {
    /// Its line.
    pub line: usize,
    /// `include`, `rustdoc_include` or `playground`.
    pub directive: String,
    /// What follows the directive, trimmed: `../../labs/x.rs:anchor`.
    pub target: String,
    /// Where it stands.
    pub place: Place,
}

/// An inline code span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeSpan {
    /// The line it starts on.
    pub line: usize,
    /// Its code; a line break inside it reads as a space.
    pub code: String,
}

/// A link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The line its text starts on.
    pub line: usize,
    /// Its target, as written (`lab8.md#exercise-1-myarc-35-min`).
    pub target: String,
}

/// A table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Its header row first, then the body rows.
    pub rows: Vec<Row>,
}

/// A table row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Its line.
    pub line: usize,
    /// Each cell's Markdown source, trimmed.
    pub cells: Vec<String>,
}

/// An `ANCHOR: name` or `ANCHOR_END: name` marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// Its line.
    pub line: usize,
    /// The anchor's name.
    pub name: String,
    /// Whether it is an `ANCHOR_END`.
    pub end: bool,
}

impl Page {
    /// The includes inside `block`'s body.
    pub fn includes_of<'a>(&'a self, block: &'a CodeBlock) -> impl Iterator<Item = &'a Include> {
        let lines = block.body_line..block.body_line + block.body.lines().count();
        self.includes
            .iter()
            .filter(move |include| include.place == Place::CodeBlock && lines.contains(&include.line))
    }
}

/// Reads one page.
pub fn parse(text: &str) -> Page {
    read::page(text)
}

/// Every file below `dir` (recursively, following links) whose extension
/// is `ext`, sorted; none when `dir` does not exist.
pub fn files_with_extension(dir: &std::path::Path, ext: &str) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == ext))
        .map(walkdir::DirEntry::into_path)
        .collect();
    found.sort();
    found
}

#[cfg(test)]
mod tests;

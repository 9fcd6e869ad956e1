//! The walk over pulldown-cmark's events that fills a [`Page`]; an
//! admonition's body is walked again as Markdown of its own.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use crate::lines::Lines;
use crate::{
    Admonition, Anchor, CodeBlock, CodeSpan, Comment, Heading, Include, Link, Page, Place, Row, Table,
};

/// The whole page.
pub fn page(text: &str) -> Page {
    let mut page = Page::default();
    read(text, 1, 0, &mut page);
    page.code_blocks.sort_by_key(|b| b.line);
    page.admonitions.sort_by_key(|a| a.block.line);
    page.headings.sort_by_key(|h| h.line);
    page.includes.sort_by_key(|i| i.line);
    page.code_spans.sort_by_key(|s| s.line);
    page.links.sort_by_key(|l| l.line);
    page.comments.sort_by_key(|c| c.line);
    page.tables.sort_by_key(|t| t.rows.first().map(|r| r.line));
    let mut seen = HashMap::new();
    for heading in &mut page.headings {
        if heading.id.is_empty() {
            heading.id = unique(normalize_id(&heading.text), &mut seen);
        }
    }
    page.anchors = anchors(text);
    page
}

/// mdBook's options (`new_cmark_parser`, without smart punctuation, which
/// changes no id, span or link).
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A code block whose events are arriving: its range, its info string
/// (`None` when indented) and its text so far.
type OpenBlock = (Range<usize>, Option<String>, String);

/// Reads `text`, whose first line is line `first` of the page, `depth`
/// admonitions deep.
fn read(text: &str, first: usize, depth: usize, page: &mut Page) {
    let lines = Lines::new(text, first);
    let mut block: Option<OpenBlock> = None;
    let mut heading: Option<Heading> = None;
    let mut table: Option<Table> = None;
    // Where includes stand: code spans, code blocks, and admonitions (read again below).
    let (mut spans, mut blocks, mut admonitions) = (Vec::new(), Vec::new(), Vec::new());
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let line = lines.of(range.start);
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => Some(info.trim().to_string()),
                    CodeBlockKind::Indented => None,
                };
                block = Some((range, info, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                let Some((range, info, body)) = block.take() else { continue };
                let code = code_block(text, &lines, &range, info, body, depth);
                match crate::admonish::attributes(&code.info).filter(|_| !code.fence.is_empty()) {
                    Some((kind, pairs)) => {
                        read(&code.body, code.body_line, depth + 1, page);
                        let value = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
                        let collapsible = value("collapsible").is_some_and(|v| v == "true");
                        page.admonitions.push(Admonition {
                            title: value("title"),
                            kind,
                            collapsible,
                            block: code,
                        });
                        admonitions.push(range);
                    }
                    None => {
                        page.code_blocks.push(code);
                        blocks.push(range);
                    }
                }
            }
            Event::Text(text) => match (&mut block, &mut heading) {
                (Some((_, _, body)), _) => body.push_str(&text),
                (None, Some(heading)) => heading.text.push_str(&text),
                (None, None) => {}
            },
            Event::SoftBreak | Event::HardBreak => {
                if let Some(heading) = &mut heading {
                    heading.text.push(' ');
                }
            }
            Event::Code(code) => {
                if let Some(heading) = &mut heading {
                    heading.text.push_str(&code);
                }
                page.code_spans.push(CodeSpan { line, code: code.to_string() });
                spans.push(range);
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                let id = id.map(|id| id.to_string()).unwrap_or_default();
                heading = Some(Heading { line, level: level as usize, text: String::new(), id });
            }
            Event::End(TagEnd::Heading(_)) => page.headings.extend(heading.take()),
            Event::Start(Tag::Link { dest_url, .. }) => {
                page.links.push(Link { line, target: dest_url.to_string() })
            }
            Event::Start(Tag::Table(_)) => table = Some(Table { rows: Vec::new() }),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                table.iter_mut().for_each(|t| t.rows.push(Row { line, cells: Vec::new() }));
            }
            Event::Start(Tag::TableCell) => {
                let cell = text[range].trim().trim_matches('|').trim().to_string();
                table
                    .iter_mut()
                    .filter_map(|t| t.rows.last_mut())
                    .for_each(|row| row.cells.push(cell.clone()));
            }
            Event::End(TagEnd::Table) => page.tables.extend(table.take()),
            Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_) => {
                for (at, _) in text[range.clone()].match_indices("<!--") {
                    let inside = &text[range.start + at + 4..range.end];
                    let text = inside.split("-->").next().unwrap_or(inside).to_string();
                    page.comments.push(Comment { line: lines.of(range.start + at), text });
                }
            }
            _ => {}
        }
    }
    let within = |ranges: &[Range<usize>], at: usize| ranges.iter().any(|r| r.contains(&at));
    for (at, directive, target) in crate::includes::find(text) {
        let place = match () {
            _ if within(&admonitions, at) => continue,
            _ if within(&blocks, at) => Place::CodeBlock,
            _ if within(&spans, at) => Place::CodeSpan,
            _ => Place::Prose,
        };
        page.includes.push(Include { line: lines.of(at), directive, target, place });
    }
}

/// The block that `range` of `text` holds.
fn code_block(
    text: &str,
    lines: &Lines,
    range: &Range<usize>,
    info: Option<String>,
    body: String,
    depth: usize,
) -> CodeBlock {
    let line = lines.of(range.start);
    let source = text[range.clone()].trim_end_matches('\n');
    let opening = source.lines().next().unwrap_or("").trim_start_matches([' ', '\t', '>']);
    let fence: String = match info {
        Some(_) => {
            let c = opening.chars().next().unwrap_or('`');
            opening.chars().take_while(|&x| x == c).collect()
        }
        None => String::new(),
    };
    let closing = source.lines().skip(1).last().map(|l| l.trim_start_matches([' ', '\t', '>']));
    let closes = closing.is_some_and(|l| {
        let c = fence.chars().next().unwrap_or('`');
        let run = l.len() - l.trim_start_matches(c).len();
        !fence.is_empty() && run >= fence.len() && l[run..].trim().is_empty()
    });
    let body_line = if fence.is_empty() { line } else { line + 1 };
    CodeBlock {
        line,
        end_line: closes.then(|| lines.of(range.start + source.len())),
        info: info.unwrap_or_default(),
        fence,
        body,
        body_line,
        depth,
    }
}

/// mdBook's `normalize_id`: letters, digits, `_` and `-` in lower case, blanks as `-`.
fn normalize_id(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| match c {
            c if c.is_alphanumeric() || c == '_' || c == '-' => Some(c.to_ascii_lowercase()),
            c if c.is_whitespace() => Some('-'),
            _ => None,
        })
        .collect()
}

/// mdBook's `unique_id_from_content`: the second `x` becomes `x-1`.
fn unique(id: String, seen: &mut HashMap<String, usize>) -> String {
    let count = seen.entry(id.clone()).or_insert(0);
    let unique = if *count == 0 { id } else { format!("{id}-{count}") };
    *count += 1;
    unique
}

/// The `ANCHOR:` and `ANCHOR_END:` markers on the raw lines of `text`.
fn anchors(text: &str) -> Vec<Anchor> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        for (marker, end) in [("ANCHOR:", false), ("ANCHOR_END:", true)] {
            let Some(at) = line.find(marker) else { continue };
            let rest = line[at + marker.len()..].trim_start();
            let len =
                rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')).unwrap_or(rest.len());
            if len > 0 {
                found.push(Anchor { line: index + 1, name: rest[..len].to_string(), end });
            }
        }
    }
    found
}

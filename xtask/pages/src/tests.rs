//! The page model against the cases hand-written line scanners got wrong.

use std::path::Path;

use crate::*;

#[test]
fn code_blocks_at_top_level_and_inside_admonitions() {
    let page = parse(
        "# Title\n\n```rust\nfn main() {}\n```\n\n````admonish example\nInside:\n```rust,should_panic\npanic!();\n```\n````\n\n~~~text\nx\n~~~\n",
    );
    let blocks: Vec<(usize, &str, &str, usize)> =
        page.code_blocks.iter().map(|b| (b.line, b.info.as_str(), b.body.as_str(), b.depth)).collect();
    assert_eq!(
        blocks,
        [
            (3, "rust", "fn main() {}\n", 0),
            (9, "rust,should_panic", "panic!();\n", 1),
            (14, "text", "x\n", 0)
        ]
    );
    assert_eq!(page.code_blocks[1].end_line, Some(11));
    assert_eq!(page.code_blocks[2].fence, "~~~");
    let admonition = &page.admonitions[0];
    assert_eq!((admonition.block.line, admonition.block.end_line), (7, Some(12)));
    assert_eq!((admonition.kind.as_str(), admonition.block.fence.as_str()), ("example", "````"));
}

#[test]
fn a_fence_indented_in_a_list_item_is_a_block_and_four_spaces_are_not_a_fence() {
    let page = parse(
        "1. Run it:\n\n   ```rust\n   fn main() {}\n   ```\n\nText.\n\n    ```rust\n    not a fence\n    ```\n",
    );
    assert_eq!(page.code_blocks.len(), 2);
    assert_eq!((page.code_blocks[0].line, page.code_blocks[0].body.as_str()), (3, "fn main() {}\n"));
    assert_eq!(page.code_blocks[0].end_line, Some(5));
    let indented = &page.code_blocks[1];
    assert_eq!((indented.line, indented.language(), indented.fence.as_str()), (9, "", ""));
    assert_eq!(indented.lines().nth(1), Some((10, "not a fence")));
}

#[test]
fn admonitions_have_kind_title_and_a_body_read_again() {
    let page = parse(
        "Text.\n\n````admonish note collapsible=true title=\"Speaker notes\"\n**Draw:** `cargo test\n-p lab2`, see [Lab](lab2.md#exercise-1-x).\n\n## Inside\n````\n",
    );
    let notes = &page.admonitions[0];
    assert_eq!(
        (notes.kind.as_str(), notes.title.as_deref(), notes.collapsible),
        ("note", Some("Speaker notes"), true)
    );
    assert_eq!(notes.block.body_line, 4);
    assert_eq!(page.code_spans, [CodeSpan { line: 4, code: "cargo test -p lab2".into() }]);
    assert_eq!(page.links, [Link { line: 5, target: "lab2.md#exercise-1-x".into() }]);
    assert_eq!(page.headings[0].line, 7);
    assert!(page.code_blocks.is_empty(), "an admonition is no code block");
}

#[test]
fn a_code_span_split_across_lines_and_quoted_is_one_span() {
    let page =
        parse("> Run `cargo\n> test -p lab2` now; type \\` for a backtick, then `cargo xtask doctor`.\n");
    let spans: Vec<&str> = page.code_spans.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(spans, ["cargo test -p lab2", "cargo xtask doctor"]);
    assert_eq!(page.code_spans[1].line, 2);
}

#[test]
fn includes_say_where_they_stand_and_only_those_in_markdown_bring_markdown_in() {
    let page = parse(
        "{{#include a.md:x}}\n\nWrite `{{#include b.md:y}}`; \\{{#include c.md}} is shown as it is.\n\n```rust\n{{#rustdoc_include d.rs:z}}\n```\n\n````admonish tip\n{{#include e.md}}\n````\n",
    );
    let found: Vec<(usize, &str, Place)> =
        page.includes.iter().map(|i| (i.line, i.target.as_str(), i.place)).collect();
    assert_eq!(
        found,
        [
            (1, "a.md:x", Place::Prose),
            (3, "b.md:y", Place::CodeSpan),
            (6, "d.rs:z", Place::CodeBlock),
            (10, "e.md", Place::Prose)
        ]
    );
    let targets: Vec<&str> = page.includes_of(&page.code_blocks[0]).map(|i| i.target.as_str()).collect();
    assert_eq!(targets, ["d.rs:z"]);
    assert!(page.includes_markdown("a.md:x") && page.includes_markdown("e.md"));
    assert!(
        !page.includes_markdown("b.md:y")
            && !page.includes_markdown("c.md")
            && !page.includes_markdown("d.rs:z")
    );
    assert!(!page.includes_markdown("a.md"), "another anchor");
}

#[test]
fn heading_ids_are_mdbooks() {
    let page = parse(
        "# Exercise 1: a halo exchange in `request::scope` (20 min)\n\nrsmpi's scope: a [guarded](x.md) closure\n---\n\n```text\n# not a heading\n```\n\n## Again\n\n## Again\n\n## Custom {#mine}\n",
    );
    let ids: Vec<&str> = page.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "exercise-1-a-halo-exchange-in-requestscope-20-min",
            "rsmpis-scope-a-guarded-closure",
            "again",
            "again-1",
            "mine"
        ]
    );
    assert_eq!(page.headings[0].text, "Exercise 1: a halo exchange in request::scope (20 min)");
    assert_eq!((page.headings[1].line, page.headings[1].level), (3, 2));
}

#[test]
fn tables_keep_each_cells_source_and_line() {
    let page = parse(
        "Intro.\n\n| start | min | pages |\n| --- | --: | --- |\n| 09:00 | 20 | [Setup](setup.md), `a \\| b` |\n\n```text\n| 10:00 | 5 | not a table |\n```\n",
    );
    assert_eq!(page.tables.len(), 1);
    let rows = &page.tables[0].rows;
    assert_eq!(rows[0], Row { line: 3, cells: vec!["start".into(), "min".into(), "pages".into()] });
    assert_eq!(rows[1].line, 5);
    assert_eq!(rows[1].cells, ["09:00", "20", "[Setup](setup.md), `a \\| b`"]);
    assert_eq!(page.links[0], Link { line: 5, target: "setup.md".into() });
}

#[test]
fn anchors_are_read_on_raw_lines() {
    let page = parse("<!-- ANCHOR: ex1_a -->\ntext\n<!-- ANCHOR_END: ex1_a -->\n");
    assert_eq!(
        page.anchors,
        [
            Anchor { line: 1, name: "ex1_a".into(), end: false },
            Anchor { line: 3, name: "ex1_a".into(), end: true }
        ]
    );
}

#[test]
fn finds_pages_below_a_folder_sorted() {
    let dir = std::env::temp_dir().join(format!("pages-walk-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("b")).unwrap();
    for file in ["b/two.md", "one.md", "b/skip.rs"] {
        std::fs::write(dir.join(file), "").unwrap();
    }
    let found = files_with_extension(&dir, "md");
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(found, [dir.join("b/two.md"), dir.join("one.md")]);
    assert!(files_with_extension(Path::new("/no/such/folder"), "md").is_empty());
}

#[test]
fn html_comments_keep_their_text_and_line() {
    let page = parse("<!-- Made by `cargo xtask demos\n--write` -->\n\nText <!-- inline --> and `code`.\n");
    let comments: Vec<(usize, &str)> = page.comments.iter().map(|c| (c.line, c.text.as_str())).collect();
    assert_eq!(comments, [(1, " Made by `cargo xtask demos\n--write` "), (4, " inline ")]);
    assert_eq!(page.code_spans.len(), 1, "a comment's text is no code span of the page");
}

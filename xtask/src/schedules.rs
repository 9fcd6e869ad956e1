//! The workshop schedules add up, and agree with the pages. In every table
//! of `src/workshop-schedules.md` whose columns start `| start | min | kind |`:
//!
//! - each row starts when the one before it ends;
//! - each `lecture` or `lab` row links the chapter pages or lab sheets it
//!   covers, and its minutes are the sum of what they state: a link to a
//!   heading (`lab8.md#exercise-1-myarc-35-min`) states the `(N min)` the
//!   heading ends with; a link to a page states the one `About N minutes`
//!   of its instructor notes. A lab sheet's core is its `##` headings'
//!   `(N min)` without its stretch exercises (`Exercise K (stretch): …`),
//!   and its `About N minutes` must be that sum. A row that cuts (or adds to) its pages quotes
//!   their sum instead, as `the pages say N` (or `page`, `sheet`, `notes`),
//!   and that quote must be right.
//!
//! The pages are the one source of a block's minutes; the schedule may only
//! repeat them or say, with the number, that it departs from them.

use std::fs;
use std::path::Path;

/// The page with the schedules.
const PAGE: &str = "src/workshop-schedules.md";

/// The kinds of row whose minutes come from the pages they link.
const TIMED_KINDS: [&str; 2] = ["lecture", "lab"];

/// Checks every schedule table. Returns a one-line summary.
pub fn check(root: &Path) -> Result<String, String> {
    let text = fs::read_to_string(root.join(PAGE)).map_err(|e| format!("{PAGE}: {e}"))?;
    let (tables, rows) = check_text(&text).map_err(|why| format!("{PAGE}: {why}"))?;
    if tables == 0 {
        return Err(format!("{PAGE}: no table with `| start | min |` columns"));
    }
    let src = root.join("src");
    let timed = check_minutes(&text, &|target: &str| {
        let (path, anchor) = match target.split_once('#') {
            Some((path, anchor)) => (path, Some(anchor)),
            None => (target, None),
        };
        let page = fs::read_to_string(src.join(path)).map_err(|e| format!("src/{path}: {e}"))?;
        stated_minutes(&page, anchor)
    })
    .map_err(|why| format!("{PAGE}: {why}"))?;
    Ok(format!(
        "{tables} workshop schedules, {rows} rows, each starting when the one before ends; \
         {timed} lecture and lab rows take the minutes their pages state"
    ))
}

/// One row of a schedule table: its line number, its table and its cells.
struct Row<'a> {
    line: usize,
    table: usize,
    cells: Vec<&'a str>,
}

/// The rows with a start time of every table whose columns start `| start | min |`,
/// and how many such tables there are.
fn schedule_rows(page: &pages::Page) -> (usize, Vec<Row<'_>>) {
    let (mut tables, mut rows) = (0, Vec::new());
    for table in &page.tables {
        let header: Vec<&str> =
            table.rows.iter().flat_map(|r| &r.cells).take(2).map(String::as_str).collect();
        if header != ["start", "min"] {
            continue;
        }
        tables += 1;
        for row in table.rows.iter().skip(1) {
            let cells: Vec<&str> = row.cells.iter().map(String::as_str).collect();
            if cells.first().is_some_and(|cell| minutes_of_day(cell).is_some()) {
                rows.push(Row { line: row.line, table: tables, cells });
            }
        }
    }
    (tables, rows)
}

/// Returns how many tables and rows were checked, or the first row that does not follow on.
pub fn check_text(text: &str) -> Result<(usize, usize), String> {
    let page = pages::parse(text);
    let (tables, rows) = schedule_rows(&page);
    for pair in rows.windows(2) {
        let [before, row] = pair else { continue };
        let (Some(began), Some(start)) = (minutes_of_day(before.cells[0]), minutes_of_day(row.cells[0]))
        else {
            continue;
        };
        let Some(length) = before.cells.get(1).and_then(|m| m.parse::<u32>().ok()) else { continue };
        if before.table == row.table && began + length != start {
            return Err(format!(
                "line {}: starts at {}, but the row on line {} ends at {}",
                row.line,
                row.cells[0],
                before.line,
                clock(began + length)
            ));
        }
    }
    Ok((tables, rows.len()))
}

/// Checks each `lecture` and `lab` row against the minutes its linked pages
/// state (`stated` answers for one link target, `page.md` or
/// `page.md#anchor`, relative to `src/`). Returns how many rows it checked.
pub fn check_minutes(text: &str, stated: &dyn Fn(&str) -> Result<u32, String>) -> Result<usize, String> {
    let page = pages::parse(text);
    let (_, rows) = schedule_rows(&page);
    let mut checked = 0;
    for row in rows.iter().filter(|row| row.cells.get(2).is_some_and(|kind| TIMED_KINDS.contains(kind))) {
        let line = row.line;
        let whole = row.cells.join(" | ");
        let links = page.links.iter().filter(|link| link.line == line).map(|link| link.target.as_str());
        let targets: Vec<&str> = links.filter(|t| is_chapter_page(t)).collect();
        if targets.is_empty() {
            return Err(format!(
                "line {line}: a {} row links no chapter page or lab sheet, so nothing states its minutes",
                row.cells[2]
            ));
        }
        let mut sum = 0;
        let mut parts = Vec::new();
        for target in &targets {
            let minutes = stated(target).map_err(|why| format!("line {line}: {target}: {why}"))?;
            sum += minutes;
            parts.push(format!("{target}: {minutes}"));
        }
        let minutes: u32 = row.cells[1]
            .parse()
            .map_err(|_| format!("line {line}: `{}` is not a number of minutes", row.cells[1]))?;
        match quoted_total(&whole) {
            Some(quote) if quote != sum => {
                return Err(format!(
                    "line {line}: quotes {quote} minutes, but its pages state {sum} ({})",
                    parts.join(", ")
                ));
            }
            None if minutes != sum => {
                return Err(format!(
                    "line {line}: {minutes} minutes, but its pages state {sum} ({}); make them agree, \
                     or quote `the pages say {sum}` and say what the row cuts",
                    parts.join(", ")
                ));
            }
            _ => checked += 1,
        }
    }
    Ok(checked)
}

/// A link into a chapter folder: `ch03-owned-buffers/mpi.md`, with or without an anchor.
fn is_chapter_page(target: &str) -> bool {
    target.starts_with("ch")
        && target.contains('/')
        && target.split('#').next().is_some_and(|path| path.ends_with(".md"))
}

/// The `N` of "the pages say N" (also `page says`, `sheet says`, `notes say`).
fn quoted_total(text: &str) -> Option<u32> {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
        .collect();
    words.windows(3).find_map(|w| {
        let names_a_page = ["page", "pages", "sheet", "sheets", "notes"].contains(&w[0].as_str());
        (names_a_page && (w[1] == "say" || w[1] == "says")).then(|| w[2].parse().ok()).flatten()
    })
}

/// The minutes a page states: with an anchor, the `(N min)` that heading
/// ends with; without, the one `About N minutes` of its instructor notes,
/// which on a lab sheet must be its core's minutes.
pub fn stated_minutes(page: &str, anchor: Option<&str>) -> Result<u32, String> {
    let page = pages::parse(page);
    match anchor {
        Some(anchor) => {
            let heading = page
                .headings
                .iter()
                .find(|heading| heading.id == anchor)
                .ok_or_else(|| format!("no heading has the id `{anchor}`"))?;
            heading_minutes(&heading.text)
                .ok_or_else(|| format!("the heading `{}` does not end with `(N min)`", heading.text))
        }
        None => {
            let about = about_minutes(&page)?;
            match core_minutes(&page)? {
                Some(core) if core != about => Err(format!(
                    "its instructor notes say about {about} minutes, but its headings' `(N min)` \
                     without the stretch exercises add up to {core}"
                )),
                _ => Ok(about),
            }
        }
    }
}

/// `Exercise 1: MyArc (35 min)` → 35.
fn heading_minutes(title: &str) -> Option<u32> {
    title
        .strip_suffix(" min)")
        .and_then(|rest| rest.rsplit_once('('))
        .and_then(|(_, n)| n.trim().parse().ok())
}

/// On a lab sheet (a page with `## Exercise` headings), the sum of its `##`
/// headings' minutes, stretch exercises left out; every core exercise must
/// state its minutes. `None` on other pages.
fn core_minutes(page: &pages::Page) -> Result<Option<u32>, String> {
    let sections: Vec<&pages::Heading> = page.headings.iter().filter(|h| h.level == 2).collect();
    if !sections.iter().any(|h| h.text.starts_with("Exercise ")) {
        return Ok(None);
    }
    let mut core = 0;
    for heading in sections.iter().filter(|h| !crate::exercise_facts::is_stretch_heading(&h.text)) {
        match heading_minutes(&heading.text) {
            Some(minutes) => core += minutes,
            None if heading.text.starts_with("Exercise ") => {
                return Err(format!("the heading `{}` does not end with `(N min)`", heading.text));
            }
            None => {}
        }
    }
    Ok(Some(core))
}

/// The one `About N minutes` of a page's instructor notes.
fn about_minutes(page: &pages::Page) -> Result<u32, String> {
    let notes = page
        .admonitions
        .iter()
        .find(|a| a.title.as_deref() == Some("Instructor notes"))
        .ok_or("no instructor notes, so no `About N minutes`")?;
    let words: Vec<String> = notes.block.body.split_whitespace().map(str::to_lowercase).collect();
    let stated: Vec<u32> = words
        .windows(3)
        .filter(|w| w[0] == "about" && w[2].starts_with("minutes"))
        .filter_map(|w| w[1].parse().ok())
        .collect();
    match stated.as_slice() {
        [minutes] => Ok(*minutes),
        [] => Err("its instructor notes state no `About N minutes`".into()),
        _ => Err(format!("its instructor notes state {} times `About N minutes`; keep one", stated.len())),
    }
}

/// `09:35` → 575.
fn minutes_of_day(cell: &str) -> Option<u32> {
    let (hours, minutes) = cell.split_once(':')?;
    Some(hours.parse::<u32>().ok()? * 60 + minutes.parse::<u32>().ok()?)
}

fn clock(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "| start | min | kind |\n| --- | --: | --- |\n| 09:00 | 20 | setup |\n| 09:20 | 70 | lecture |\n| 10:30 | | end |\n";

    #[test]
    fn a_schedule_that_adds_up_passes() {
        assert_eq!(check_text(TABLE), Ok((1, 3)));
    }

    #[test]
    fn a_row_that_overlaps_or_leaves_a_gap_fails() {
        assert!(check_text(&TABLE.replace("| 70 |", "| 75 |")).unwrap_err().contains("ends at 10:35"));
        assert!(check_text(&TABLE.replace("09:20", "09:25")).is_err());
    }

    /// A lab sheet with minutes in its exercise headings and its notes.
    const SHEET: &str = "# Lab 9: A sheet\n\n## Exercise 1: a `Vec` that owns its buffer (25 min)\n\n```text\n# not a heading (5 min)\n```\n\n## Exercise 2: the rest (10 min)\n\n### Step 2a: no minutes\n\n## Exercise 3 (stretch): no minutes\n\n## Debrief (5 min)\n\n````admonish note collapsible=true title=\"Instructor notes\"\nTimings: exercise 1, 25\nminutes; exercise 2, 10; the debrief, 5. About 40\nminutes.\n````\n";

    /// What `SHEET` (as `ch09-x/lab9.md`) and a lecture page state.
    fn stated(target: &str) -> Result<u32, String> {
        match target.split_once('#') {
            Some(("ch09-x/lab9.md", anchor)) => stated_minutes(SHEET, Some(anchor)),
            None if target == "ch09-x/lab9.md" => stated_minutes(SHEET, None),
            None if target == "ch09-x/page.md" => Ok(30),
            _ => Err("no such page".into()),
        }
    }

    const SCHEDULE: &str = "| start | min | kind | what | pages |\n| --- | --: | --- | --- | --- |\n| 09:00 | 15 | setup | Welcome | [Setup](workshop-setup.md) |\n| 09:15 | 30 | lecture | Chapter 9 | [Page](ch09-x/page.md) |\n| 09:45 | 40 | lab | Lab 9 | [Lab 9](ch09-x/lab9.md) |\n| 10:25 | 25 | lab | Lab 9 again, exercise 1 | [Exercise 1](ch09-x/lab9.md#exercise-1-a-vec-that-owns-its-buffer-25-min) |\n| 10:50 | | end | | |\n";

    #[test]
    fn a_page_states_minutes_in_a_heading_or_in_its_notes() {
        assert_eq!(stated_minutes(SHEET, Some("exercise-1-a-vec-that-owns-its-buffer-25-min")), Ok(25));
        assert_eq!(stated_minutes(SHEET, None), Ok(40));
        assert!(
            stated_minutes(SHEET, Some("exercise-3-stretch-no-minutes")).unwrap_err().contains("(N min)")
        );
        assert!(stated_minutes(SHEET, Some("not-a-heading-5-min")).unwrap_err().contains("no heading"));
        assert!(stated_minutes("# A page\n", None).unwrap_err().contains("no instructor notes"));
    }

    #[test]
    fn a_lab_sheets_total_is_its_core() {
        let stretch_counted = SHEET.replace("About 40", "About 50");
        let why = stated_minutes(&stretch_counted, None).unwrap_err();
        assert!(why.contains("say about 50 minutes, but its headings'"), "{why}");
        assert!(why.contains("add up to 40"), "{why}");
        let untimed = SHEET.replace("## Exercise 2: the rest (10 min)", "## Exercise 2: the rest");
        let why = stated_minutes(&untimed, None).unwrap_err();
        assert!(why.contains("`Exercise 2: the rest` does not end with `(N min)`"), "{why}");
        let lecture = "# A page\n\n## Part one (10 min)\n\n```admonish note title=\"Instructor notes\"\nAbout 30 minutes.\n```\n";
        assert_eq!(stated_minutes(lecture, None), Ok(30), "only a lab sheet's headings are added up");
    }

    #[test]
    fn rows_that_take_their_pages_minutes_pass() {
        assert_eq!(check_text(SCHEDULE), Ok((1, 5)));
        assert_eq!(check_minutes(SCHEDULE, &stated), Ok(3));
    }

    #[test]
    fn a_row_whose_minutes_differ_from_its_page_fails() {
        let schedule = SCHEDULE
            .replace("| 09:45 | 40 | lab |", "| 09:45 | 45 | lab |")
            .replace("| 10:25 |", "| 10:30 |")
            .replace("| 10:50 |", "| 10:55 |");
        assert_eq!(check_text(&schedule), Ok((1, 5)), "the arithmetic still adds up");
        let why = check_minutes(&schedule, &stated).unwrap_err();
        assert!(why.contains("line 5: 45 minutes, but its pages state 40 (ch09-x/lab9.md: 40)"), "{why}");
        let heading = SCHEDULE.replace("| 10:25 | 25 | lab |", "| 10:25 | 20 | lab |");
        assert!(check_minutes(&heading, &stated).unwrap_err().contains("state 25"));
    }

    #[test]
    fn a_row_that_cuts_must_quote_its_pages_total_correctly() {
        let cut = SCHEDULE
            .replace("| 40 | lab | Lab 9 |", "| 35 | lab | Lab 9; the sheet says 40: skip the debrief |");
        assert_eq!(check_minutes(&cut, &stated), Ok(3));
        let wrong = cut.replace("says 40", "says 45");
        assert!(
            check_minutes(&wrong, &stated).unwrap_err().contains("quotes 45 minutes, but its pages state 40")
        );
    }

    #[test]
    fn a_lecture_or_lab_row_must_link_its_pages() {
        let unlinked = SCHEDULE.replace("[Page](ch09-x/page.md)", "chapter 9");
        assert!(
            check_minutes(&unlinked, &stated)
                .unwrap_err()
                .contains("line 4: a lecture row links no chapter page")
        );
    }

    #[test]
    fn tables_and_headings_in_code_blocks_do_not_count() {
        let shown =
            format!("```text\n{TABLE}```\n\n{}", TABLE.replace("| 70 |", "| 75 |").replace("10:30", "10:35"));
        assert_eq!(check_text(&shown), Ok((1, 3)), "only the real table is read");
        let sheet = format!("{SHEET}\n~~~text\n## Exercise 3: fenced (5 min)\n~~~\n");
        assert!(stated_minutes(&sheet, Some("exercise-3-fenced-5-min")).unwrap_err().contains("no heading"));
    }
}

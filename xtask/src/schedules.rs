//! The workshop schedules add up: in every table of
//! `src/workshop-schedules.md` whose columns start `| start | min |`, each
//! row starts when the one before it ends.

use std::fs;
use std::path::Path;

/// The page with the schedules.
const PAGE: &str = "src/workshop-schedules.md";

/// Checks every schedule table. Returns a one-line summary.
pub fn check(root: &Path) -> Result<String, String> {
    let text = fs::read_to_string(root.join(PAGE)).map_err(|e| format!("{PAGE}: {e}"))?;
    let (tables, rows) = check_text(&text).map_err(|why| format!("{PAGE}: {why}"))?;
    if tables == 0 {
        return Err(format!("{PAGE}: no table with `| start | min |` columns"));
    }
    Ok(format!("{tables} workshop schedules, {rows} rows, each starting when the one before ends"))
}

/// Returns how many tables and rows were checked, or the first row that does not follow on.
pub fn check_text(text: &str) -> Result<(usize, usize), String> {
    let (mut tables, mut rows) = (0, 0);
    let mut previous: Option<(usize, u32)> = None;
    let mut in_table = false;
    for (index, line) in text.lines().enumerate() {
        let cells: Vec<&str> = line.trim().trim_matches('|').split('|').map(str::trim).collect();
        if !line.trim_start().starts_with('|') {
            in_table = false;
            previous = None;
            continue;
        }
        if cells.starts_with(&["start", "min"]) {
            in_table = true;
            tables += 1;
            continue;
        }
        let Some(start) = in_table.then(|| minutes_of_day(cells[0])).flatten() else { continue };
        rows += 1;
        if let Some((line_number, ended)) = previous
            && ended != start
        {
            return Err(format!(
                "line {}: starts at {}, but the row on line {line_number} ends at {}",
                index + 1,
                cells[0],
                clock(ended)
            ));
        }
        previous = cells.get(1).and_then(|m| m.parse::<u32>().ok()).map(|m| (index + 1, start + m));
    }
    Ok((tables, rows))
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
}

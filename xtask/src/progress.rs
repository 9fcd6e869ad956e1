//! `cargo xtask progress`: a student's view of the labs. Runs every lab's
//! tests against the student's own files and prints one row per lab, then
//! where to go next.

use std::path::Path;

use crate::labs::{self, Lab};
use crate::libtest::{self, Files, Outcome};
use crate::table::Table;

/// Where `cargo xtask serve` serves the book.
pub const LOCAL_BOOK: &str = "http://localhost:3000/";

/// Prints the table. `only` limits it to one lab (`lab2`).
pub fn run(root: &Path, only: Option<&str>) -> Result<(), String> {
    let labs: Vec<Lab> =
        labs::discover(root)?.into_iter().filter(|lab| only.is_none_or(|name| lab.name == name)).collect();
    if labs.is_empty() {
        return Err(format!("no lab named {}", only.unwrap_or("?")));
    }
    let mut table = Table::new(&["lab", "title", "passed", "next failing test", "read"]);
    let mut done = 0;
    for lab in &labs {
        eprintln!("checking {} …", lab.name);
        if let Err(errors) = libtest::build(root, lab, Files::Student) {
            let first =
                errors.lines().find(|l| l.starts_with("error")).unwrap_or("does not compile").to_string();
            table.row([
                lab.name.clone(),
                lab.meta.title.clone(),
                "—".into(),
                first,
                format!("{LOCAL_BOOK}{}", lab.meta.sheet),
            ]);
            continue;
        }
        let (mut passed, mut total) = (0, 0);
        let mut next: Option<(String, String)> = None;
        for exercise in &lab.meta.exercises {
            if exercise.nightly && !libtest::nightly_available() {
                continue;
            }
            let run = libtest::run(root, lab, Files::Student, exercise)?;
            let counted = run.results.iter().filter(|r| r.outcome != Outcome::Ignored);
            total += counted.clone().count();
            passed += run.passed();
            if next.is_none() {
                if let Some(why) = run.broken {
                    next = Some((
                        format!("{}: {}", exercise.test, why.lines().next().unwrap_or("")),
                        exercise.book.clone(),
                    ));
                } else if let Some(failed) = run.results.iter().find(|r| r.outcome == Outcome::Failed) {
                    let message = failed.message.clone().unwrap_or_default();
                    next = Some((
                        format!("{}::{} — {message}", exercise.test, failed.name),
                        exercise.book.clone(),
                    ));
                }
            }
        }
        let (next_test, page) = next.unwrap_or_else(|| ("all done ✓".into(), lab.meta.sheet.clone()));
        if passed == total && total > 0 {
            done += 1;
        }
        table.row([
            lab.name.clone(),
            lab.meta.title.clone(),
            format!("{passed}/{total}"),
            next_test,
            format!("{LOCAL_BOOK}{page}"),
        ]);
    }
    print!("{table}");
    println!("{done} of {} labs complete. Links work while `cargo xtask serve` runs.", labs.len());
    Ok(())
}

//! `cargo xtask doctor`: check a machine before a workshop. One row per
//! prerequisite with what was found and, when something is missing, the exact
//! command that fixes it.

use std::path::Path;

use crate::prereqs::{self, Need, Scope};
use crate::table::Table;

/// Prints the table; fails when something a lab or the book needs is missing.
pub fn run(root: &Path) -> Result<(), String> {
    let mut table = Table::new(&["", "prerequisite", "found", "needed by", "fix"]);
    let mut missing_required = 0;
    for prereq in prereqs::all() {
        match (prereq.probe)(root) {
            Ok(found) => {
                table.row(["✓".into(), prereq.name.into(), found, prereq.needed_by.into(), String::new()])
            }
            Err(why) => {
                let mark = match prereq.need {
                    _ if prereq.scope == Scope::Maintainer => "·",
                    Need::Required => {
                        missing_required += 1;
                        "✗"
                    }
                    Need::RequiredInCi => "!",
                };
                table.row([
                    mark.into(),
                    prereq.name.into(),
                    why,
                    prereq.needed_by.into(),
                    prereq.fix.command_line(),
                ]);
            }
        }
    }
    print!("{table}");
    println!(
        "✓ found   ✗ missing (a lab or the book needs it)   ! missing (optional here, required in CI)   · missing (only `cargo xtask test` needs it)"
    );
    if missing_required == 0 {
        println!("Ready: every lab can run on this machine.");
        Ok(())
    } else {
        Err(format!("{missing_required} prerequisite(s) missing; `cargo xtask setup` installs them all"))
    }
}

//! Prints the x86-64 assembly of `relay` (unoptimised and optimised) and
//! `relay_repeat` (optimised) from the `drop_flag` example, so the chapter
//! can show where their drop flags went.
//!
//! It asks cargo (the same one that runs this program) to build that example
//! with `--emit=asm` (profiles `dev` and `release`) into a target folder of
//! its own, then
//! prints the lines between each function's label and its end,
//! leaving out assembler directives (`.cfi_*`, `.p2align`).
//! Run it with `cargo run -p lab7 --example show_asm`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn main() {
    for (function, profile, folder) in
        [("relay", "dev", "debug"), ("relay", "release", "release"), ("relay_repeat", "release", "release")]
    {
        println!("=== `{function}`, cargo profile `{profile}` ===");
        print!("{}", function_asm(function, profile, folder));
    }
}

/// Builds the `drop_flag` example with `profile` and returns `function`'s lines.
fn function_asm(function: &str, profile: &str, folder: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let target = root.join("target/lab7-asm");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut build = Command::new(cargo);
    build.current_dir(&root).arg("rustc").args(["-q", "-p", "lab7", "--profile", profile]);
    build.args(["--example", "drop_flag", "--target-dir"]).arg(&target);
    build.args(["--", "--emit=asm", "-C", "codegen-units=1"]);
    let out = timed_run::run(build, Duration::from_secs(300), "cargo rustc --emit=asm")
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "cargo rustc failed:\n{}", out.stderr);
    let asm = newest_asm(&target.join(folder).join("examples"));
    let text = std::fs::read_to_string(&asm).expect("the .s file cargo just wrote");
    function_lines(&text, function).unwrap_or_else(|| panic!("no `{function}:` in {}", asm.display()))
}

/// The most recently written `drop_flag-*.s` in `dir`.
fn newest_asm(dir: &Path) -> PathBuf {
    std::fs::read_dir(dir)
        .expect("the examples folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.starts_with("drop_flag-") && name.ends_with(".s")
        })
        .max_by_key(|p| p.metadata().and_then(|m| m.modified()).ok())
        .expect("cargo rustc --emit=asm wrote no drop_flag-*.s")
}

/// The lines of `function`, from its label to the `.Lfunc_end` label,
/// without assembler directives.
fn function_lines(asm: &str, function: &str) -> Option<String> {
    let label = format!("{function}:");
    let start = asm.lines().position(|l| l.trim() == label)?;
    let mut shown = String::new();
    for line in asm.lines().skip(start) {
        if line.starts_with(".Lfunc_end") {
            break;
        }
        let directive = line.trim_start().starts_with('.') && !line.trim_start().starts_with(".LBB");
        if !directive {
            shown += line;
            shown += "\n";
        }
    }
    Some(shown)
}

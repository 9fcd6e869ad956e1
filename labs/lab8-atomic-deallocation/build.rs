//! Declares the `loom` cfg, set with `RUSTFLAGS="--cfg loom"` for the model
//! checker, so rustc does not warn about an unknown cfg; and writes the kept
//! wrong answers that the examples demonstrate (`solutions/lab8/wrong/*.patch`
//! applied to the reference answer of the file each one names) into
//! `$OUT_DIR/wrong/<name>.rs`, for an example to include with
//! `wrong_answer!` (examples/support/wrong_answer.rs; without
//! `solutions/`, the student's own `src/arc.rs` stands in for each).

use std::path::PathBuf;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(loom)");
    let solutions = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../solutions/lab8");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("wrong");
    std::fs::create_dir_all(&out).expect("OUT_DIR is writable");
    println!("cargo::rerun-if-changed={}", solutions.join("wrong").display());
    let Ok(patches) = std::fs::read_dir(solutions.join("wrong")) else {
        stand_in(&out);
        return;
    };
    for entry in patches.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "patch") {
            continue;
        }
        println!("cargo::rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).expect("a readable patch");
        let diff = &text[text.find("\n--- ").map_or(0, |at| at + 1)..];
        // `--- a/labs/lab8-atomic-deallocation/src/<file>.rs`: the student
        // file, whose reference answer has the same name in solutions/lab8.
        let file = diff
            .lines()
            .next()
            .and_then(|line| line.rsplit('/').next())
            .unwrap_or_else(|| panic!("{}: no `--- a/…` line", path.display()));
        let reference_path = solutions.join(file);
        println!("cargo::rerun-if-changed={}", reference_path.display());
        let reference = std::fs::read_to_string(&reference_path)
            .unwrap_or_else(|e| panic!("{}: {e}", reference_path.display()));
        let patch = diffy::Patch::from_str(diff).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let wrong = diffy::apply(&reference, &patch)
            .unwrap_or_else(|e| panic!("{} no longer applies to solutions/lab8/{file}: {e}", path.display()));
        // `include!` takes items only: no inner doc comments.
        let items: String =
            wrong.lines().filter(|l| !l.starts_with("//!")).map(|l| format!("{l}\n")).collect();
        let name = path.file_stem().expect("a file name").to_string_lossy();
        std::fs::write(out.join(format!("{name}.rs")), items).expect("OUT_DIR is writable");
    }
}

/// Without `solutions/` (the offline bundle leaves the reference answers
/// out), each wrong answer an example includes is stood in for by the
/// student's own `src/arc.rs`, which has the same items: the lab still
/// builds, and running such an example runs the student's code.
fn stand_in(out: &std::path::Path) {
    let lab = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let arc = lab.join("src/arc.rs");
    println!("cargo::rerun-if-changed={}", arc.display());
    let own = std::fs::read_to_string(&arc).expect("src/arc.rs");
    // A stub's parameters are unused until the student writes the body.
    let items: String = own
        .lines()
        .filter(|l| !l.starts_with("//!"))
        .map(|l| {
            if l.starts_with("impl") {
                format!("#[allow(unused_variables)]\n{l}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let examples = std::fs::read_dir(lab.join("examples")).expect("examples/").flatten();
    for example in examples.filter_map(|e| std::fs::read_to_string(e.path()).ok()) {
        // `wrong_answer!(loom, "<name>")` (examples/support/wrong_answer.rs).
        for call in example.split("wrong_answer!(").skip(1) {
            if let Some(name) = call.split('"').nth(1) {
                std::fs::write(out.join(format!("{name}.rs")), &items).expect("OUT_DIR is writable");
            }
        }
    }
}

//! Declares the `loom` cfg, set with `RUSTFLAGS="--cfg loom"` for the model
//! checker, so rustc does not warn about an unknown cfg; and writes the kept
//! wrong answers that the examples demonstrate (`solutions/lab8/wrong/*.patch`
//! applied to the reference answer of the file each one names) into
//! `$OUT_DIR/wrong/<name>.rs`, for an example to `include!`.

use std::path::PathBuf;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(loom)");
    let solutions = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../solutions/lab8");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("wrong");
    std::fs::create_dir_all(&out).expect("OUT_DIR is writable");
    println!("cargo::rerun-if-changed={}", solutions.join("wrong").display());
    for entry in std::fs::read_dir(solutions.join("wrong")).expect("solutions/lab8/wrong").flatten() {
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

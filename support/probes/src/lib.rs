//! Finding what the labs need on this machine. `cargo xtask doctor` and
//! `setup` use these probes, and so do the lab harnesses that check their
//! prerequisites before they start (lab 3's MPI check), so both always agree
//! on what "installed" means.

use std::path::PathBuf;

/// `program` as the shell would find it on `PATH`.
pub fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(program)).find(|p| p.is_file())
}

/// libclang where bindgen looks for it: `LIBCLANG_PATH`, LLVM's versioned
/// directories (newest first), then the system's library directories.
pub fn find_libclang() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("LIBCLANG_PATH").map(PathBuf::from).into_iter().collect();
    if let Ok(entries) = std::fs::read_dir("/usr/lib") {
        let mut llvm: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("llvm-")))
            .map(|p| p.join("lib"))
            .collect();
        llvm.sort();
        dirs.extend(llvm.into_iter().rev());
    }
    dirs.extend(
        [
            "/usr/lib64",
            "/usr/lib/x86_64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu",
            "/opt/homebrew/opt/llvm/lib",
            "/usr/local/opt/llvm/lib",
        ]
        .map(PathBuf::from),
    );
    dirs.iter().flat_map(|dir| std::fs::read_dir(dir).into_iter().flatten().flatten()).map(|e| e.path()).find(
        |p| {
            p.file_name().is_some_and(|n| {
                let n = n.to_string_lossy();
                n.starts_with("libclang.so") || n == "libclang.dylib"
            })
        },
    )
}

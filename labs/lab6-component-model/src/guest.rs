//! Builds the wasm guest (`guest/` with the student's guest files, or the
//! reference answers with the `solution` feature) with a nested cargo, wraps
//! its core module into a component, and compiles it once per test binary.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use wasmtime::component::Component;
use wasmtime::{Config, Engine};

/// The target the guest is built for: no WASI, the host gives it nothing but streams.
pub const TARGET: &str = "wasm32-unknown-unknown";

/// A cold build compiles wit-bindgen's macros; after an edit it takes seconds.
const BUILD_LIMIT: Duration = Duration::from_secs(600);

/// How often the engine's epoch advances: a guest that runs longer than the
/// host allows without handing control back traps at the next tick.
pub const EPOCH_TICK: Duration = Duration::from_millis(100);

/// Which guest files are compiled: the student's or the reference answers.
const FLAVOUR: &str = if cfg!(feature = "solution") { "solution" } else { "student" };

/// The engine and the compiled component, built once per test binary.
pub fn component() -> Result<&'static (Engine, Component), String> {
    static CACHE: OnceLock<Result<(Engine, Component), String>> = OnceLock::new();
    CACHE.get_or_init(build).as_ref().map_err(Clone::clone)
}

fn build() -> Result<(Engine, Component), String> {
    let core = build_core_module()?;
    let mut config = Config::new();
    config.wasm_component_model_async(true);
    // A guest stuck in a loop that never returns to the host (a write loop
    // that keeps writing after `Dropped`, say) must trap, not hang the test.
    config.epoch_interruption(true);
    let engine = Engine::new(&config).map_err(|e| format!("{e:#}"))?;
    let ticking = engine.clone();
    std::thread::Builder::new()
        .name("lab6-epoch".into())
        .spawn(move || {
            loop {
                std::thread::sleep(EPOCH_TICK);
                ticking.increment_epoch();
            }
        })
        .map_err(|e| format!("starting the guest's epoch clock: {e}"))?;
    // Compiling the component takes about a second; each test binary would
    // do it again, so the machine code is kept next to the guest's build,
    // under the hash of the core module it came from.
    let dir = target_dir();
    let (cached, key_file) = (dir.join("lab6_guest.cwasm"), dir.join("lab6_guest.cwasm.key"));
    let mut hasher = DefaultHasher::new();
    core.hash(&mut hasher);
    let key = format!("{:016x} {}", hasher.finish(), core.len());
    if std::fs::read_to_string(&key_file).is_ok_and(|k| k == key) {
        // SAFETY: the file was written by `Component::serialize` below, by
        // this wasmtime with this configuration, from the module whose hash
        // the key file holds; wasmtime itself rejects a file from another
        // version or configuration, and we then compile afresh.
        if let Ok(component) = unsafe { Component::deserialize_file(&engine, &cached) } {
            return Ok((engine, component));
        }
    }
    let bytes = wit_component::ComponentEncoder::default()
        .module(&core)
        .and_then(|encoder| encoder.validate(true).encode())
        .map_err(|e| format!("wrapping the guest into a component failed: {e:#}"))?;
    let component =
        Component::new(&engine, &bytes).map_err(|e| format!("compiling the guest component: {e:#}"))?;
    if let Ok(machine_code) = component.serialize() {
        // A cache: if writing fails, the next test binary compiles again.
        let partial = dir.join(format!("lab6_guest.cwasm.{}", std::process::id()));
        if std::fs::write(&partial, machine_code).and_then(|()| std::fs::rename(&partial, &cached)).is_ok() {
            let _ = std::fs::write(&key_file, key);
        }
    }
    Ok((engine, component))
}

/// `target/lab6-guest/student` or `target/lab6-guest/solution`.
fn target_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/lab6-guest").join(FLAVOUR)
}

/// Runs `cargo build` on `guest/` into `target/lab6-guest/<flavour>`, in an
/// environment cleaned of the outer build's flags, and reads the `.wasm`.
fn build_core_module() -> Result<Vec<u8>, String> {
    let lab = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let target_dir = target_dir();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .args(["build", "--release", "--quiet", "--target", TARGET])
        .arg("--manifest-path")
        .arg(lab.join("guest/Cargo.toml"))
        .arg("--target-dir")
        .arg(&target_dir);
    if cfg!(feature = "solution") {
        command.args(["--features", "solution"]);
    }
    for var in [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "CARGO_BUILD_RUSTFLAGS",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "CARGO_MAKEFLAGS",
    ] {
        command.env_remove(var);
    }
    let output = timed_run::run(command, BUILD_LIMIT, "cargo build of lab 6's wasm guest")?;
    if !output.status.success() {
        let stderr = output.stderr;
        if stderr.contains("target may not be installed") || stderr.contains("can't find crate for `core`") {
            return Err(format!(
                "the {TARGET} target is not installed: run `rustup target add {TARGET}` (or `cargo xtask setup`)"
            ));
        }
        return Err(format!(
            "the wasm guest (your src/writer.rs, src/cancel.rs or src/patient.rs) does not compile:\n{stderr}"
        ));
    }
    let wasm = target_dir.join(TARGET).join("release/lab6_guest.wasm");
    std::fs::read(&wasm).map_err(|e| format!("{}: {e}", wasm.display()))
}

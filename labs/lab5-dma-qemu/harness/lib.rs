//! Lab 5's test harness: checks that QEMU and the RISC-V target are
//! installed, builds the guest in `guest/` (package `lab5-guest`, outside the
//! workspace) with the student's files or the reference answers, runs one of
//! its programs under `qemu-system-riscv64` with a timeout, and reads the
//! `LAB5 …` lines it prints and QEMU's exit status. A failed run is
//! explained in words (the guest's panic, or its trap with the function it
//! hit) and reported without the harness's own backtrace.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

pub use timed_run::{Output, Report};

/// The guest's target.
pub const TARGET: &str = "riscv64gc-unknown-none-elf";
/// QEMU for RISC-V.
const QEMU: &str = "qemu-system-riscv64";
/// How to install what lab 5 needs.
const INSTALL: &str = "Install: sudo apt-get install -y qemu-system-misc && rustup target add riscv64gc-unknown-none-elf (or run: cargo xtask setup)";
/// The longest a build of the guest may take.
const BUILD_TIMEOUT: Duration = Duration::from_secs(10 * 60);
/// The longest one QEMU run may take (a run takes well under a second).
pub const RUN_TIMEOUT: Duration = Duration::from_secs(20);
/// QEMU's machine: `virt` without firmware, console on stdio, emulated
/// time driven by instructions (1 µs each). The devices follow, then
/// `-kernel` and the program.
const MACHINE_ARGS: &[&str] = &[
    "-M",
    "virt",
    "-bios",
    "none",
    "-display",
    "none",
    "-serial",
    "stdio",
    "-monitor",
    "none",
    "-icount",
    "shift=10,sleep=off",
];
/// `edu` with 64-bit DMA addresses, in the first free slot (1): the
/// machine every program runs on unless a test says otherwise.
pub const EDU: &str = "edu,dma_mask=0xffffffffffffffff";

/// Panics with one line if QEMU or the RISC-V target is missing.
#[track_caller]
pub fn preflight() {
    if let Err(missing) = check_prerequisites() {
        fail(format!("lab5 needs QEMU and the RISC-V target: {missing}. {INSTALL}"));
    }
}

/// Fails the test with the message, without the harness's backtrace.
pub use timed_run::fail;

/// Set to `1` to make the prerequisite check act as if QEMU were missing,
/// to see the message a machine without it gets.
pub const PRETEND_MISSING: &str = "LAB5_PRETEND_QEMU_MISSING";

fn check_prerequisites() -> Result<(), String> {
    if std::env::var_os(PRETEND_MISSING).is_some_and(|v| v == "1") {
        return Err(format!("{QEMU} not found ({PRETEND_MISSING}=1)"));
    }
    if probes::find_on_path(QEMU).is_none() {
        return Err(format!("{QEMU} not found on PATH"));
    }
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let mut command = Command::new(rustc);
    command.args(["--print", "sysroot"]).current_dir(guest_dir());
    let sysroot = timed_run::run(command, Duration::from_secs(60), "rustc --print sysroot")?;
    let core = Path::new(sysroot.stdout.trim()).join("lib/rustlib").join(TARGET).join("lib");
    if !core.is_dir() {
        return Err(format!("the {TARGET} target is not installed (no {})", core.display()));
    }
    Ok(())
}

fn lab_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn workspace_root() -> &'static Path {
    lab_dir().ancestors().nth(2).expect("labs/lab5-dma-qemu is two levels down")
}

/// The guest crate's folder.
pub fn guest_dir() -> PathBuf {
    lab_dir().join("guest")
}

/// Where the guest is built: its own folder under the workspace's target
/// folder, a different one for the reference answers, so that a build of
/// the student's files at the same time never swaps the programs.
fn guest_target_dir() -> PathBuf {
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace_root().join("target"), PathBuf::from);
    target.join(if cfg!(feature = "solution") { "lab5-guest-solution" } else { "lab5-guest" })
}

/// `cargo <args>` in the guest's folder, for the guest's target, with the
/// reference answers when this package has its `solution` feature, under
/// the build timeout. The outer cargo's flags and target are not passed on.
pub fn cargo_on_guest(args: &[&str]) -> Result<(String, timed_run::Output), String> {
    let mut args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    args.extend(["--target".into(), TARGET.into(), "--target-dir".into()]);
    args.push(guest_target_dir().display().to_string());
    if cfg!(feature = "solution") {
        args.extend(["--features".into(), "solution".into()]);
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command.args(&args).current_dir(guest_dir());
    for variable in [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "CARGO_BUILD_RUSTFLAGS",
        "CARGO_BUILD_TARGET",
        "CARGO_TARGET_DIR",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
    ] {
        command.env_remove(variable);
    }
    let shown = format!("cargo {} (in {})", args.join(" "), guest_dir().display());
    let out = timed_run::run(command, BUILD_TIMEOUT, &shown)?;
    Ok((shown, out))
}

/// The path of guest program `name` (a `[[bin]]` of `lab5-guest`), built in
/// release mode. The first call builds them all; later calls reuse that.
#[track_caller]
pub fn guest_program(name: &str) -> PathBuf {
    preflight();
    static BUILT: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let built = BUILT.get_or_init(|| {
        let (shown, out) = cargo_on_guest(&["build", "--release", "--bins"])?;
        if out.status.success() {
            Ok(guest_target_dir().join(TARGET).join("release"))
        } else {
            Err(format!(
                "`{shown}` failed (your files in labs/lab5-dma-qemu/src do not compile?):\n{}",
                out.stderr
            ))
        }
    });
    match built {
        Ok(dir) => dir.join(name),
        Err(e) => fail(e.clone()),
    }
}

/// What one QEMU run printed, and how it ended: timed-run's output (its
/// `command`, `status` (the guest's exit code, through `sifive_test`),
/// `stdout` (what the guest printed on its UART), `stderr` (QEMU's own
/// errors)), and the guest program QEMU ran.
#[derive(Debug)]
pub struct Run {
    output: Output,
    /// The guest program QEMU ran (an ELF file with its symbols).
    pub program: PathBuf,
}

impl std::ops::Deref for Run {
    type Target = Output;

    fn deref(&self) -> &Output {
        &self.output
    }
}

/// Runs guest program `name` under QEMU with `edu` ([`EDU`]), with
/// [`RUN_TIMEOUT`].
#[track_caller]
pub fn run_guest(name: &str) -> Run {
    run_guest_with(name, &[EDU])
}

/// Runs guest program `name` under QEMU with these `-device` arguments, in
/// this order, with [`RUN_TIMEOUT`].
#[track_caller]
pub fn run_guest_with(name: &str, devices: &[&str]) -> Run {
    let program = guest_program(name);
    let mut args: Vec<&str> = MACHINE_ARGS.to_vec();
    for device in devices {
        args.extend(["-device", device]);
    }
    args.push("-kernel");
    let mut command = Command::new(QEMU);
    command.args(&args).arg(&program);
    let shown = format!("{QEMU} {} {}", args.join(" "), program.display());
    match timed_run::run(command, RUN_TIMEOUT, &shown) {
        Ok(out) => Run { output: out, program },
        Err(e) => fail(e),
    }
}

impl Run {
    /// The fields of every line that starts `LAB5 <kind> `.
    pub fn reports(&self, kind: &str) -> Vec<Report> {
        self.output.reports(&format!("LAB5 {kind}"))
    }

    /// The one line `LAB5 <kind> …`; fails the test with what the guest
    /// printed if the run failed or the line is missing.
    #[track_caller]
    pub fn expect_report(&self, kind: &str) -> Report {
        self.expect_reports(kind, 1).remove(0)
    }

    /// Exactly `count` lines `LAB5 <kind> …`; fails the test with what the
    /// guest printed if the run failed or printed another number of them.
    #[track_caller]
    pub fn expect_reports(&self, kind: &str, count: usize) -> Vec<Report> {
        let reports = self.reports(kind);
        if !self.status.success() || reports.len() != count {
            self.fail(&format!("{count} `LAB5 {kind}` line(s) and exit status 0"));
        }
        reports
    }

    /// Fails the test with [`Run::explain`]`(wanted)`, without a backtrace.
    #[track_caller]
    pub fn fail(&self, wanted: &str) -> ! {
        fail(self.explain(wanted))
    }

    /// What to show when a run failed, first line first: the guest's panic
    /// (a stub's `todo!`) or trap, or else everything printed.
    pub fn explain(&self, wanted: &str) -> String {
        // The guest names its files from guest/src/ (`src/../../src/pci.rs`);
        // say them from the repository's root, as the student sees them.
        let stdout = self
            .stdout
            .replace("src/../../src/", "labs/lab5-dma-qemu/src/")
            .replace("src/../../../../solutions/", "solutions/");
        let lines: Vec<&str> = stdout.lines().collect();
        let first = match lines.iter().position(|l| l.starts_with("PANIC: ") || l.starts_with("TRAP: ")) {
            // A panic's message is on the line after its location.
            Some(at) if lines[at].starts_with("PANIC: ") => {
                format!("the guest stopped: {} {}", lines[at], lines.get(at + 1).unwrap_or(&""))
            }
            Some(at) => format!("the guest stopped: {}{}", lines[at], explain_trap(lines[at], &self.program)),
            None => format!("the guest did not print {wanted}"),
        };
        format!(
            "{first}\n(`{}` ended with {})\n--- UART ---\n{}--- QEMU ---\n{}",
            self.command, self.status, stdout, self.stderr
        )
    }
}

/// The byte the guest programs `forgotten` and `dropped` fill the device's
/// buffer with, so that the device's writes are recognisable in memory.
pub const DEVICE_BYTE: u8 = 0xab;

/// What the harness adds to the guest's `TRAP: <cause> mcause=… mepc=…
/// mtval=…` line: the function `mepc` is in, from `program`'s symbol table,
/// and, when `mepc` or `mtval` is made of [`DEVICE_BYTE`]s, what that means.
fn explain_trap(line: &str, program: &Path) -> String {
    let field = |key: &str| {
        line.split_whitespace()
            .find_map(|word| word.strip_prefix(key)?.strip_prefix('='))
            .and_then(|hex| u64::from_str_radix(hex.trim_start_matches("0x"), 16).ok())
    };
    let mut more = String::new();
    let (pc, value) = (field("mepc"), field("mtval"));
    let elf = std::fs::read(program).unwrap_or_default();
    let function = |address: u64| function_at(&elf, address);
    if let Some(pc) = pc {
        match function(pc) {
            Some(name) => {
                more.push_str(&format!("\n  mepc {pc:#x}, the instruction that trapped, is in `{name}`"))
            }
            None => more.push_str(&format!("\n  mepc {pc:#x} is in no function of {}", program.display())),
        }
    }
    // `ra`: where that function returns to, unless it has called another since.
    if let Some((ra, name)) = field("ra").and_then(|ra| Some((ra, function(ra)?)))
        && pc.and_then(function).as_ref() != Some(&name)
    {
        more.push_str(&format!("\n  ra {ra:#x}, its return address, is in `{name}`"));
    }
    // Six of the eight bytes: a pointer the device overwrote, plus an offset.
    let device_made = |v: u64| v.to_be_bytes()[..6].iter().all(|&b| b == DEVICE_BYTE);
    if pc.is_some_and(device_made) {
        more.push_str(&format!(
            "\n  mepc is the device's bytes ({DEVICE_BYTE:#04x}…): the device's DMA landed on a saved return address, and the program returned through it"
        ));
    } else if value.is_some_and(device_made) {
        more.push_str(&format!(
            "\n  mtval is the device's bytes ({DEVICE_BYTE:#04x}…) plus an offset: the device's DMA landed on a saved pointer (a spilled register in a stack frame), and the program then used it"
        ));
    }
    more
}

/// The function an address is in, from the guest's ELF symbol table (it is
/// linked with its symbols), demangled and without the symbol's hash.
fn function_at(elf: &[u8], address: u64) -> Option<String> {
    use object::{Object, ObjectSymbol, SymbolKind};
    let file = object::File::parse(elf).ok()?;
    let symbol = file.symbols().find(|s| {
        s.kind() == SymbolKind::Text
            && s.address() <= address
            && address < s.address().saturating_add(s.size())
    })?;
    Some(format!("{:#}", rustc_demangle::demangle(symbol.name().ok()?)))
}

/// The letters of the record the guest's given code keeps (`guest/src/trace.rs`),
/// for messages.
pub const TRACE_LEGEND: &str = "B = fence::before_start(), S = the device started, w = a poll said busy, D = a poll said done, A = fence::after_finish(); - = nothing";

/// Whether a record of starting a transfer shows `fence::before_start()`
/// before the one start. QEMU cannot show a missing fence; this shows the
/// driver issued the given one in its place (not that the hardware was
/// then ordered, nor a fence written by hand, which the record misses).
pub fn fenced_start(log: &str) -> bool {
    match (log.find('B'), log.find('S')) {
        (Some(fence), Some(start)) => fence < start && log.matches('S').count() == 1,
        _ => false,
    }
}

/// Whether a record of finishing a transfer shows a poll that said done
/// and, after it, `fence::after_finish()`: the driver learned from the
/// device that it was done, then fenced, before the buffer was handed on.
pub fn fenced_finish(log: &str) -> bool {
    log.find('D').is_some_and(|done| log[done..].contains('A'))
}

/// Field `key` of `report` as a number; panics naming it if it is missing.
pub fn number(report: &Report, key: &str) -> u64 {
    report
        .get(key)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("the guest's report has no number `{key}`: {report:?}"))
}

//! Lab 3's test harness: checks that MPI is installed, builds the rank
//! programs in `ranks/` (package `lab3-ranks`) and runs them under `mpirun`
//! with a timeout, then reads the one `LAB3 key=value …` line each rank
//! prints. This package does not depend on MPI itself, so a machine without
//! MPI gets one line saying what to install instead of a build script's
//! pages of errors.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Mutex, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

/// How to install what lab 3 needs.
const INSTALL: &str =
    "Install: sudo apt-get install -y libopenmpi-dev openmpi-bin libclang-dev (or run: cargo xtask setup)";
/// Set to `1` to make the prerequisite check act as if MPI were missing,
/// to see the message a machine without MPI gets.
pub const PRETEND_MISSING: &str = "LAB3_PRETEND_MPI_MISSING";
/// The longest a build of the rank programs may take.
const BUILD_TIMEOUT: Duration = Duration::from_secs(15 * 60);
/// The longest one `mpirun` may take.
pub const RUN_TIMEOUT: Duration = Duration::from_secs(60);

/// Panics with one line if `mpirun`, `mpicc` or libclang is missing.
pub fn preflight() {
    if let Err(missing) = check_prerequisites() {
        panic!("lab3 needs MPI: {missing}. {INSTALL}");
    }
}

use probes::{find_libclang, find_on_path};

fn check_prerequisites() -> Result<(), String> {
    if std::env::var_os(PRETEND_MISSING).is_some_and(|v| v == "1") {
        return Err(format!("mpirun not found ({PRETEND_MISSING}=1)"));
    }
    for tool in ["mpirun", "mpicc"] {
        if find_on_path(tool).is_none() {
            return Err(format!("{tool} not found on PATH"));
        }
    }
    if find_libclang().is_none() {
        return Err("libclang not found (the mpi crate's bindgen needs it)".into());
    }
    Ok(())
}

/// A cargo profile the rank programs can be built with.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Profile {
    /// `cargo build` (the tests).
    Debug,
    /// `cargo build --release` (the benchmark).
    Release,
}

/// The path of rank program `name` (a `[[bin]]` of `lab3-ranks`), built
/// with the student's files, or the reference answers when this package's
/// `solution` feature is on. The first call builds all rank programs; later
/// calls in the same process reuse that build.
pub fn rank_program(name: &str, profile: Profile) -> PathBuf {
    preflight();
    static BUILT: [OnceLock<Result<BTreeMap<String, PathBuf>, String>>; 2] =
        [OnceLock::new(), OnceLock::new()];
    let built = BUILT[profile as usize].get_or_init(|| build(profile));
    match built {
        Ok(programs) => {
            programs.get(name).cloned().unwrap_or_else(|| panic!("lab3-ranks has no program named {name}"))
        }
        Err(e) => panic!("{e}"),
    }
}

/// `cargo build -p lab3-ranks --bins` with the matching features, under a
/// timeout; returns each program's path by name.
fn build(profile: Profile) -> Result<BTreeMap<String, PathBuf>, String> {
    let mut args = vec!["build", "-p", "lab3-ranks", "--bins", "--message-format=json-render-diagnostics"];
    if profile == Profile::Release {
        args.push("--release");
    }
    let (shown, out) = cargo_on_ranks(&args)?;
    if !out.status.success() {
        return Err(format!(
            "`{shown}` failed (your files in labs/lab3-mpi/src do not compile?):\n{}",
            out.stderr
        ));
    }
    // Each built program is a JSON line with `"executable":"<path>"`.
    let mut programs = BTreeMap::new();
    for line in out.stdout.lines().filter(|l| l.contains("\"reason\":\"compiler-artifact\"")) {
        if let Some(rest) = line.split("\"executable\":\"").nth(1) {
            let path = PathBuf::from(&rest[..rest.find('"').unwrap_or(rest.len())]);
            if let Some(stem) = path.file_stem() {
                programs.insert(stem.to_string_lossy().into_owned(), path);
            }
        }
    }
    Ok(programs)
}

/// Where the reference answers' rank programs are built: not the workspace's
/// `target/`, because cargo copies every program it builds to
/// `target/debug/<name>`, and a build without the `solution` feature (the
/// student's tests, a workspace build) running at the same time would put the
/// student's program there between this build and its `mpirun`.
fn ranks_target_dir() -> String {
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace_root().join("target"), PathBuf::from);
    target.join("lab3-solution").to_string_lossy().into_owned()
}

fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .and_then(Path::parent)
        .expect("labs/lab3-mpi is two levels down")
}

/// What one `mpirun` printed, and how it ended.
#[derive(Debug)]
pub struct Run {
    /// The command line, for messages.
    pub command: String,
    /// `mpirun`'s exit status.
    pub status: ExitStatus,
    /// Everything the ranks printed to stdout.
    pub stdout: String,
    /// Everything the ranks and `mpirun` printed to stderr.
    pub stderr: String,
}

/// One rank's report line, as `key -> value`.
pub type RankReport = BTreeMap<String, String>;

impl Run {
    /// The report of every rank that printed one, by rank.
    pub fn reports(&self) -> BTreeMap<i32, RankReport> {
        let mut reports = BTreeMap::new();
        for line in self.stdout.lines().filter_map(|l| l.trim().strip_prefix("LAB3 ")) {
            let fields: RankReport = line
                .split_whitespace()
                .filter_map(|kv| kv.split_once('='))
                .map(|(k, v)| (k.into(), v.into()))
                .collect();
            if let Some(rank) = fields.get("rank").and_then(|r| r.parse().ok()) {
                reports.insert(rank, fields);
            }
        }
        reports
    }

    /// The reports of all `ranks` ranks, each saying the world has `ranks`
    /// ranks. Panics with what the ranks printed otherwise: a rank's panic
    /// (such as a stub's `todo!`) shows up here.
    pub fn expect_reports(&self, ranks: i32) -> BTreeMap<i32, RankReport> {
        let reports = self.reports();
        if reports.len() != ranks as usize || !self.status.success() {
            panic!(
                "{}\n(`{}` ended with {} and {} of {ranks} report lines)",
                self.explain(),
                self.command,
                self.status,
                reports.len()
            );
        }
        for (rank, report) in &reports {
            let size = report.get("size").map(String::as_str);
            assert_eq!(
                size,
                Some(ranks.to_string().as_str()),
                "rank {rank} saw a world of {size:?} ranks, not {ranks}: mpirun and the mpi crate's MPI do not match, so each rank ran alone"
            );
        }
        reports
    }

    /// What to show when a run failed, first line first: each distinct
    /// panic of the ranks (a stub's `todo!` message, say) once, or else
    /// everything they printed.
    pub fn explain(&self) -> String {
        let mut panics: Vec<String> = Vec::new();
        let mut lines = self.stderr.lines();
        while let Some(line) = lines.next() {
            if let Some((_, place)) = line.split_once("panicked at ") {
                let place = place.trim_end_matches(':');
                let message = format!("a rank panicked: {} (at {place})", lines.next().unwrap_or_default());
                if !panics.contains(&message) {
                    panics.push(message);
                }
            }
        }
        if panics.is_empty() {
            format!(
                "the ranks did not report.\n--- stdout ---\n{}--- stderr ---\n{}",
                self.stdout, self.stderr
            )
        } else {
            panics.join("\n")
        }
    }
}

/// Runs rank program `program` on `ranks` ranks with `args`, under
/// [`RUN_TIMEOUT`]. Runs started from one process take turns, so that
/// oversubscribed ranks do not fight over the cores.
pub fn mpirun(ranks: i32, program: &Path, args: &[&str]) -> Run {
    static TURN: Mutex<()> = Mutex::new(());
    let _turn = TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let mut command = Command::new("mpirun");
    command.args(["-n", &ranks.to_string(), "--oversubscribe"]);
    if running_as_root() {
        command.arg("--allow-run-as-root");
    }
    command.arg(program).args(args);
    let shown = [format!("mpirun -n {ranks} --oversubscribe {}", program.display())]
        .into_iter()
        .chain(args.iter().map(|a| a.to_string()))
        .collect::<Vec<_>>()
        .join(" ");
    match run_with_timeout(command, RUN_TIMEOUT, &shown) {
        Ok(out) => Run { command: shown, status: out.status, stdout: out.stdout, stderr: out.stderr },
        Err(e) => panic!("{e}"),
    }
}

fn running_as_root() -> bool {
    // `id -u` avoids a libc dependency for one number.
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0"))
}

struct Output {
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

/// Runs `command`, collecting its output; kills it (and so its ranks) if it
/// takes longer than `limit`.
fn run_with_timeout(mut command: Command, limit: Duration, what: &str) -> Result<Output, String> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start {what}: {e}"))?;
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let deadline = Instant::now() + limit;
    let status = loop {
        match child.try_wait().map_err(|e| format!("{what}: {e}"))? {
            Some(status) => break status,
            None if Instant::now() > deadline => {
                stop(&mut child);
                let (out, err) = (stdout.join().unwrap_or_default(), stderr.join().unwrap_or_default());
                return Err(format!(
                    "{what} did not finish within {} s (a deadlock? a request that waits forever?) and was killed.\n--- stdout ---\n{out}--- stderr ---\n{err}",
                    limit.as_secs()
                ));
            }
            None => thread::sleep(Duration::from_millis(20)),
        }
    };
    Ok(Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
}

/// Asks the process to stop (mpirun passes SIGTERM on to its ranks), then
/// kills it if it has not stopped after two seconds.
fn stop(child: &mut Child) {
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    let deadline = Instant::now() + Duration::from_secs(2);
    while Instant::now() < deadline {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return;
        }
        thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn drain(pipe: Option<impl Read + Send + 'static>) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut pipe) = pipe {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            text = String::from_utf8_lossy(&bytes).into_owned();
        }
        text
    })
}

/// Runs `cargo test -p lab3-ranks --test <test>` (with the `solution`
/// feature when this package has it) under the build timeout: the
/// compile-fail tests need the `mpi` crate, which this package must not
/// depend on. Returns the combined output on failure.
pub fn cargo_test_ranks(test: &str) -> Result<(), String> {
    preflight();
    let (shown, out) = cargo_on_ranks(&["test", "-p", "lab3-ranks", "--test", test])?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed:\n{}{}", out.stdout, out.stderr))
    }
}

/// Runs `cargo <args>` in the workspace under the build timeout, adding the
/// reference answers' feature and build folder when this package has the
/// `solution` feature. Returns the command as shown to people, and its output.
fn cargo_on_ranks(args: &[&str]) -> Result<(String, Output), String> {
    let mut args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    if cfg!(feature = "solution") {
        args.extend(["--features".into(), "solution".into(), "--target-dir".into(), ranks_target_dir()]);
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(&cargo);
    command.args(&args).current_dir(workspace_root());
    let shown = format!("cargo {}", args.join(" "));
    let out = run_with_timeout(command, BUILD_TIMEOUT, &shown)?;
    Ok((shown, out))
}

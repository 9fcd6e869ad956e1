//! Lab 3's test harness: checks that MPI is installed, builds the rank
//! programs in `ranks/` (package `lab3-ranks`) and runs them under `mpirun`
//! with a timeout, then reads the one `LAB3 key=value …` line each rank
//! prints. This package does not depend on MPI itself, so a machine without
//! MPI gets one line saying what to install instead of a build script's
//! pages of errors.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use timed_run::Output;

/// How to install what lab 3 needs.
const INSTALL: &str =
    "Install: sudo apt-get install -y libopenmpi-dev openmpi-bin libclang-dev (or run: cargo xtask setup)";
/// Set to `1` to make the prerequisite check act as if MPI were missing,
/// to see the message a machine without MPI gets.
pub const PRETEND_MISSING: &str = "LAB3_PRETEND_MPI_MISSING";
/// The longest a build of the rank programs may take.
const BUILD_TIMEOUT: Duration = Duration::from_secs(15 * 60);
/// The longest one `mpirun` may take. A correct run takes a second or
/// two; a wrong answer that deadlocks (a halo sent to the wrong neighbour)
/// must fail in seconds, with the run's output, not hold the test binary.
pub const RUN_TIMEOUT: Duration = Duration::from_secs(20);

/// Panics with one line if `mpirun`, `mpicc` or libclang is missing.
pub fn preflight() {
    if let Err(missing) = check_prerequisites() {
        timed_run::fail(format!("lab3 needs MPI: {missing}. {INSTALL}"));
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
        Ok(programs) => programs
            .get(name)
            .cloned()
            .unwrap_or_else(|| timed_run::fail(format!("lab3-ranks has no program named {name}"))),
        Err(e) => timed_run::fail(e.to_string()),
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

/// What one `mpirun` printed, and how it ended: timed-run's output (its
/// `command`, `status`, `stdout` with the ranks' report lines, `stderr`),
/// with lab 3's reading of the ranks' reports.
#[derive(Debug)]
pub struct Run(Output);

impl std::ops::Deref for Run {
    type Target = Output;

    fn deref(&self) -> &Output {
        &self.0
    }
}

/// One rank's report line, as `key -> value`.
pub type RankReport = BTreeMap<String, String>;

impl Run {
    /// The report of every rank that printed one, by rank, with the request
    /// counter's fields (`started`, `completed`, `live_requests`) added for
    /// the ranks that finalised MPI.
    pub fn reports(&self) -> BTreeMap<i32, RankReport> {
        let by_rank = |prefix| {
            self.0
                .reports(prefix)
                .into_iter()
                .filter_map(|fields| Some((fields.get("rank")?.parse::<i32>().ok()?, fields)))
        };
        let mut reports: BTreeMap<i32, RankReport> = by_rank("LAB3").collect();
        for (rank, counts) in by_rank(COUNTER_PREFIX) {
            if let Some(report) = reports.get_mut(&rank) {
                report.extend(counts.into_iter().filter(|(key, _)| key != "rank"));
            }
        }
        reports
    }

    /// The reports of all `ranks` ranks, each saying the world has `ranks`
    /// ranks and that every MPI request it started was completed (waited
    /// for, or tested until done) before MPI was finalised. Panics with what
    /// the ranks printed otherwise: a rank's panic (such as a stub's
    /// `todo!`) shows up here.
    pub fn expect_reports(&self, ranks: i32) -> BTreeMap<i32, RankReport> {
        self.expect_reports_leaving(ranks, 0)
    }

    /// Like [`Run::expect_reports`], for a scenario that forgets requests on
    /// purpose: every rank must end with exactly `live` requests never
    /// completed, the forgotten ones.
    pub fn expect_reports_leaving(&self, ranks: i32, live: usize) -> BTreeMap<i32, RankReport> {
        let reports = self.reports();
        if reports.len() != ranks as usize || !self.status.success() {
            timed_run::fail(format!(
                "{}\n(`{}` ended with {} and {} of {ranks} report lines)",
                self.explain(),
                self.command,
                self.status,
                reports.len()
            ));
        }
        for (rank, report) in &reports {
            let size = report.get("size").map(String::as_str);
            assert_eq!(
                size,
                Some(ranks.to_string().as_str()),
                "rank {rank} saw a world of {size:?} ranks, not {ranks}: the launcher and the mpi crate's MPI do not match, so each rank ran alone"
            );
            let left = report.get("live_requests").unwrap_or_else(|| {
                timed_run::fail(format!(
                    "rank {rank} did not report its request count: it ended without finalising MPI\n{}",
                    self.explain()
                ))
            });
            assert_eq!(
                left,
                &live.to_string(),
                "rank {rank} finalised MPI with {left} request(s) never completed ({} started, {} completed; {live} expected): \
                 every request must end in MPI_Wait or a successful MPI_Test before its buffer is freed, a cancelled one too \
                 (MPI_Cancel only asks; the wait after it is what makes the buffer free)",
                report.get("started").map_or("?", String::as_str),
                report.get("completed").map_or("?", String::as_str),
            );
        }
        reports
    }

    /// Fails with `message` if rank `rank` printed its report and `key`
    /// in it is not `true`: a hazard the rank saw itself, such as a message
    /// that landed in freed memory. Call it before [`Run::expect_reports`]:
    /// the hazard is the lesson of the failure, so it comes first, and a
    /// count of requests never completed (other than the `live` expected)
    /// follows on the next line.
    pub fn expect_no_hazard(
        &self,
        rank: i32,
        key: &str,
        live: usize,
        message: impl FnOnce(&RankReport) -> String,
    ) {
        let reports = self.reports();
        let Some(report) = reports.get(&rank) else { return };
        if report.get(key).is_none_or(|value| value == "true") {
            return;
        }
        let mut shown = message(report);
        for (rank, report) in &reports {
            if let Some(left) = report.get("live_requests").filter(|left| **left != live.to_string()) {
                shown.push_str(&format!(
                    "\n(rank {rank} also finalised MPI with {left} request(s) never completed; {live} expected)"
                ));
            }
        }
        timed_run::fail(shown);
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
            // glibc's allocator stops a process that frees memory twice, or
            // frees a pointer it never handed out, with one of these lines.
            let allocator = self.stderr.lines().find(|line| {
                ["free(): ", "double free", "munmap_chunk()", "malloc(): ", "corrupted"]
                    .iter()
                    .any(|words| line.contains(words))
            });
            let first = allocator.map_or_else(
                || "the ranks did not report.".to_string(),
                |line| {
                    format!(
                        "a rank was stopped by the allocator ({}): memory was freed twice, or freed through \
                         a pointer the allocator never handed out.",
                        line.trim()
                    )
                },
            );
            format!("{first}\n--- stdout ---\n{}--- stderr ---\n{}", self.stdout, self.stderr)
        } else {
            panics.join("\n")
        }
    }
}

/// The environment variable that replaces the launcher: its words, such as
/// `mpirun --hostfile hosts` or `srun --mpi=pmix`, start every run, followed
/// by `-n <ranks>`, the program and its arguments.
pub const LAUNCHER: &str = "LAB3_MPIRUN";

/// The prefix of the line the request counter (`ranks/pmpi/`) prints for
/// each rank when it finalises MPI.
const COUNTER_PREFIX: &str = "LAB3-MPI";

/// The launcher's words: `$LAB3_MPIRUN`, or else `mpirun --oversubscribe`
/// (with `--allow-run-as-root` for root), which runs every rank here.
pub fn launcher() -> Vec<String> {
    match std::env::var(LAUNCHER) {
        Ok(words) if !words.trim().is_empty() => words.split_whitespace().map(String::from).collect(),
        _ => {
            let mut words = vec!["mpirun".to_string(), "--oversubscribe".to_string()];
            if running_as_root() {
                words.push("--allow-run-as-root".into());
            }
            words
        }
    }
}

/// Runs rank program `program` on `ranks` ranks with `args`, under
/// [`RUN_TIMEOUT`], started by [`launcher`]. Runs started from one process
/// take turns, so that oversubscribed ranks do not fight over the cores.
pub fn mpirun(ranks: i32, program: &Path, args: &[&str]) -> Run {
    run_ranks(&launcher(), ranks, program, args)
}

/// [`mpirun`] with the launcher's words given.
fn run_ranks(words: &[String], ranks: i32, program: &Path, args: &[&str]) -> Run {
    static TURN: Mutex<()> = Mutex::new(());
    let _turn = TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let mut command = Command::new(&words[0]);
    command.args(&words[1..]).args(["-n", &ranks.to_string()]).arg(program).args(args);
    let shown = words
        .iter()
        .cloned()
        .chain(["-n".into(), ranks.to_string(), program.display().to_string()])
        .chain(args.iter().map(|a| a.to_string()))
        .collect::<Vec<_>>()
        .join(" ");
    match timed_run::run(command, RUN_TIMEOUT, &shown) {
        Ok(out) => Run(out),
        Err(e) => timed_run::fail(e.to_string()),
    }
}

fn running_as_root() -> bool {
    // `id -u` avoids a libc dependency for one number.
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0"))
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
    let out = timed_run::run(command, BUILD_TIMEOUT, &shown)?;
    Ok((shown, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `LAB3_MPIRUN="mpirun --hostfile hosts"` does for a cluster, on
    /// this machine: a hostfile that offers four slots on localhost. The
    /// program is the given hazard demonstration, so this passes whatever
    /// the state of the student's files.
    #[test]
    fn a_launcher_with_a_hostfile_runs_the_ranks() {
        let hosts = std::env::temp_dir().join(format!("lab3-hosts-{}", std::process::id()));
        std::fs::write(&hosts, "localhost slots=4\n").expect("a temporary hostfile");
        let mut words: Vec<String> = ["mpirun", "--hostfile"].map(String::from).into();
        words.push(hosts.display().to_string());
        if running_as_root() {
            words.push("--allow-run-as-root".into());
        }
        let run = run_ranks(&words, 1, &rank_program("forgotten_request", Profile::Debug), &[]);
        let _ = std::fs::remove_file(&hosts);
        assert!(run.command.contains("--hostfile"), "{}", run.command);
        assert!(run.status.success() && run.stdout.contains("LAB3 hazard"), "{}", run.explain());
    }
}

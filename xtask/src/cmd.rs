//! Running other programs: echo the command, enforce a time limit, and say
//! clearly what failed. Every child process started by xtask goes through
//! here, and this runs it through `timed_run`, the labs' one runner.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// What a finished command left behind (stdout kept apart from stderr:
/// interleaving them in arrival order is not possible portably).
pub use timed_run::Output;

/// A command line plus the limits we run it under.
pub struct Cmd {
    command: Command,
    shown: String,
    limit: Duration,
}

impl Cmd {
    /// A new command; the default time limit is 30 minutes.
    pub fn new(program: impl AsRef<OsStr>) -> Self {
        let shown = program.as_ref().to_string_lossy().into_owned();
        Cmd { command: Command::new(program), shown, limit: Duration::from_secs(30 * 60) }
    }

    /// `cargo` as chosen by the cargo that runs xtask.
    pub fn cargo() -> Self {
        Cmd::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())).display_as("cargo")
    }

    fn display_as(mut self, shown: &str) -> Self {
        self.shown = shown.to_string();
        self
    }

    /// Appends arguments.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        for arg in args {
            let arg = arg.as_ref();
            self.shown.push(' ');
            self.shown.push_str(&arg.to_string_lossy());
            self.command.arg(arg);
        }
        self
    }

    /// Sets an environment variable for the child.
    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Self {
        self.command.env(key, value);
        self
    }

    /// Runs the child in `dir`.
    pub fn dir(mut self, dir: &Path) -> Self {
        self.command.current_dir(dir);
        self
    }

    /// Replaces the time limit.
    pub fn limit(mut self, limit: Duration) -> Self {
        self.limit = limit;
        self
    }

    /// The command line as a person would type it.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// Runs with inherited stdio, echoing the command first. Returns whether it
    /// succeeded within the time limit.
    pub fn run(self) -> Result<(), String> {
        eprintln!("  $ {}", self.shown);
        let ran = timed_run::run_inherited(self.command, self.limit);
        match ran.map_err(|e| format!("could not start `{}`: {e}", self.shown))? {
            (status, false) if status.success() => Ok(()),
            (status, false) => Err(format!("`{}` failed ({status})", self.shown)),
            (_, true) => Err(format!("`{}` timed out after {:?}", self.shown, self.limit)),
        }
    }

    /// Runs with captured output and no echo (through `timed_run`, as every
    /// lab harness does). A program that cannot be started is reported as
    /// `Err`; a failing one is returned for the caller to judge.
    pub fn capture(self) -> Result<Output, String> {
        let finished = timed_run::run_to_end(self.command, self.limit)
            .map_err(|e| format!("could not start `{}`: {e}", self.shown))?;
        Ok(Output { command: self.shown, ..finished })
    }

    /// Runs captured and returns the first line of stdout (or stderr when
    /// stdout is empty) if the program exists and succeeds.
    pub fn first_line(self) -> Option<String> {
        let out = self.limit(Duration::from_secs(60)).capture().ok()?;
        if !out.success() {
            return None;
        }
        let text = if out.stdout.trim().is_empty() { &out.stderr } else { &out.stdout };
        text.lines().next().map(|line| line.trim().to_string())
    }
}

/// Runs `step`, printing its name before and its duration after.
pub fn timed<T>(name: &str, step: impl FnOnce() -> T) -> (T, Duration) {
    eprintln!("▶ {name}");
    let start = Instant::now();
    let value = step();
    let took = start.elapsed();
    eprintln!("  ({name}: {})", human(took));
    (value, took)
}

/// A duration as people read it: `850 ms`, `12.3 s`, `4 min 05 s`.
pub fn human(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 1.0 {
        format!("{} ms", d.as_millis())
    } else if secs < 60.0 {
        format!("{secs:.1} s")
    } else {
        format!("{} min {:02} s", d.as_secs() / 60, d.as_secs() % 60)
    }
}

/// Whether `program` can be found on PATH.
pub fn on_path(program: &str) -> bool {
    probes::find_on_path(program).is_some()
}

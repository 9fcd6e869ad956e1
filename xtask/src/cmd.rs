//! Running other programs: echo the command, enforce a time limit, and say
//! clearly what failed. Every child process started by xtask goes through here.

use std::ffi::OsStr;
use std::io::Read;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use wait_timeout::ChildExt;

/// What a finished command left behind.
pub struct Output {
    /// Exit status (a timed-out command counts as failed).
    pub status: ExitStatus,
    /// Standard output (kept apart from standard error: interleaving them
    /// in arrival order is not possible portably).
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// True when the time limit ran out and the command was killed.
    pub timed_out: bool,
}

impl Output {
    /// True when the command ran to completion and exited with status 0.
    pub fn success(&self) -> bool {
        self.status.success() && !self.timed_out
    }
}

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
    pub fn run(mut self) -> Result<(), String> {
        eprintln!("  $ {}", self.shown);
        let mut child = self.command.spawn().map_err(|e| format!("could not start `{}`: {e}", self.shown))?;
        match child.wait_timeout(self.limit).map_err(|e| e.to_string())? {
            Some(status) if status.success() => Ok(()),
            Some(status) => Err(format!("`{}` failed ({status})", self.shown)),
            None => {
                let _ = child.kill();
                let _ = child.wait();
                Err(format!("`{}` timed out after {:?}", self.shown, self.limit))
            }
        }
    }

    /// Runs with captured output and no echo. A program that cannot be
    /// started is reported as `Err`; a failing one is returned for the caller
    /// to judge.
    pub fn capture(mut self) -> Result<Output, String> {
        self.command.stdout(Stdio::piped()).stderr(Stdio::piped()).stdin(Stdio::null());
        let mut child = self.command.spawn().map_err(|e| format!("could not start `{}`: {e}", self.shown))?;
        // Drain both pipes on threads so a chatty child cannot block on a full pipe.
        let mut out_pipe = child.stdout.take().expect("stdout was piped");
        let mut err_pipe = child.stderr.take().expect("stderr was piped");
        let out_reader = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = out_pipe.read_to_string(&mut text);
            text
        });
        let err_reader = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = err_pipe.read_to_string(&mut text);
            text
        });
        let (status, timed_out) = match child.wait_timeout(self.limit).map_err(|e| e.to_string())? {
            Some(status) => (status, false),
            None => {
                let _ = child.kill();
                (child.wait().map_err(|e| e.to_string())?, true)
            }
        };
        let stdout = out_reader.join().unwrap_or_default();
        let stderr = err_reader.join().unwrap_or_default();
        Ok(Output { status, stdout, stderr, timed_out })
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

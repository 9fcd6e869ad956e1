//! Child processes under a time limit, for the labs whose tests start
//! programs (`mpirun`, QEMU, a nested cargo): run one with its output
//! captured, kill it when it takes too long and say so, read the
//! `PREFIX key=value …` report lines the programs print, and fail a test
//! with what went wrong in them without the harness's backtrace ([`fail`]).
//!
//! A wrong answer must fail in seconds with a message, never hang a test, so
//! every child process a lab starts goes through [`run`].

use std::collections::BTreeMap;
use std::io::Read;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// What a finished child printed, and how it ended: what every harness
/// (lab 3's `mpirun` runs, lab 5's QEMU runs, xtask's commands) reads.
#[derive(Debug)]
pub struct Output {
    /// The command line, as the caller shows it in messages.
    pub command: String,
    /// The child's exit status.
    pub status: ExitStatus,
    /// Everything it printed to stdout.
    pub stdout: String,
    /// Everything it printed to stderr.
    pub stderr: String,
    /// True when the limit ran out and the child was stopped (only
    /// [`run_to_end`] returns such an output; [`run`] makes it an error).
    pub timed_out: bool,
}

impl Output {
    /// True when the child ran to completion and exited with status 0.
    pub fn success(&self) -> bool {
        self.status.success() && !self.timed_out
    }

    /// The fields of every line of its stdout that starts with `prefix`
    /// ([`report_lines`]).
    pub fn reports(&self, prefix: &str) -> Vec<Report> {
        report_lines(&self.stdout, prefix)
    }
}

/// How long a child that was asked to stop (SIGTERM) gets before it is killed.
const GRACE: Duration = Duration::from_secs(2);

/// Runs `command` with stdin closed and stdout and stderr captured. If it has
/// not finished after `limit`, it is asked to stop (SIGTERM, which `mpirun`
/// passes on to its ranks), killed [`GRACE`] later if it is still there, and
/// the error says so, naming it `what`, with everything it printed.
pub fn run(command: Command, limit: Duration, what: &str) -> Result<Output, String> {
    let finished = run_to_end(command, limit).map_err(|e| format!("could not start {what}: {e}"))?;
    if finished.timed_out {
        return Err(format!(
            "{what} did not finish within {limit:?} (a deadlock? something that waits forever?) and was killed.\n--- stdout ---\n{}--- stderr ---\n{}",
            finished.stdout, finished.stderr
        ));
    }
    Ok(Output { command: what.to_string(), ..finished })
}

/// [`run`] for callers that judge an overrun themselves (xtask's stages):
/// the same capture and the same stopping, with the overrun in the result.
/// Fails only when the child cannot be started.
pub fn run_to_end(mut command: Command, limit: Duration) -> std::io::Result<Output> {
    let args = command.get_args().map(|arg| arg.to_string_lossy().into_owned());
    let shown = std::iter::once(command.get_program().to_string_lossy().into_owned()).chain(args);
    let shown: Vec<String> = shown.collect();
    let mut child = command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()?;
    let stdout = collect(child.stdout.take());
    let stderr = collect(child.stderr.take());
    let (status, timed_out) = wait_within(&mut child, limit)?;
    Ok(Output {
        command: shown.join(" "),
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
        timed_out,
    })
}

/// Runs `command` with the caller's stdin, stdout and stderr, stopping it as
/// [`run`] does after `limit`. Returns its status, and whether it overran.
pub fn run_inherited(mut command: Command, limit: Duration) -> std::io::Result<(ExitStatus, bool)> {
    let mut child = command.spawn()?;
    wait_within(&mut child, limit)
}

/// Waits for `child` until `limit`; past it, stops the child. Returns the
/// status and whether the limit ran out.
fn wait_within(child: &mut Child, limit: Duration) -> std::io::Result<(ExitStatus, bool)> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok((status, false));
        }
        if Instant::now() > deadline {
            stop(child);
            return Ok((child.wait()?, true));
        }
        thread::sleep(Duration::from_millis(10));
    }
}

/// Asks the child to stop, then kills it if it has not stopped in time.
fn stop(child: &mut Child) {
    // `kill` the program avoids a libc dependency for one signal.
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    let deadline = Instant::now() + GRACE;
    while Instant::now() < deadline {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return;
        }
        thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Reads a pipe to its end on a thread of its own, so that a child filling
/// one pipe never blocks while we wait on the other.
fn collect(pipe: Option<impl Read + Send + 'static>) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Runs one test of this test binary in a process of its own, so a crash
/// (SIGSEGV from a use after free, SIGABRT from a trap) is that test's
/// failure and not the whole run's. In the child (`var` set to `test`), runs
/// `case` and returns `None`; in the parent, runs this binary again with
/// only `test` and `var` set to its name, under `limit`, and returns what it
/// printed, for the test to judge.
pub fn in_child(var: &str, test: &str, limit: Duration, case: impl FnOnce()) -> Option<Output> {
    if std::env::var(var).as_deref() == Ok(test) {
        case();
        return None;
    }
    let mut child = Command::new(std::env::current_exe().expect("the test binary's path"));
    child.args(["--exact", test, "--nocapture", "--test-threads=1"]).env(var, test);
    let what = format!("the process running `{test}`");
    Some(run(child, limit, &what).unwrap_or_else(|e| panic!("{e}")))
}

/// If a child stopped at a stub's `todo!()`, fails the test saying so, and
/// `why` the test ran it (its own check would only report a confusing
/// symptom, a refused kernel or a missing abort): the exercise is not done
/// yet, and that is the one thing to say.
#[track_caller]
pub fn fail_if_stub(out: &Output, why: &str) {
    let printed = format!("{}{}", out.stdout, out.stderr);
    if let Some(at) = printed.find("not yet implemented: ") {
        let todo = printed[at..].lines().next().unwrap_or_default();
        fail(format!("{} is not done yet: {todo}\n({why})", stub_exercise(todo)));
    }
}

/// `not yet implemented: lab7 exercise 2: …` → `lab7 exercise 2`: the
/// exercise whose stub the child reached, which need not be the one under
/// test (a later exercise's test uses the earlier exercises' answers).
fn stub_exercise(todo: &str) -> String {
    let words: Vec<&str> = todo.split_whitespace().collect();
    words
        .windows(3)
        .find(|w| w[0].starts_with("lab") && w[1] == "exercise")
        .map(|w| format!("{} exercise {}", w[0], w[2].trim_end_matches(':')))
        .unwrap_or_else(|| "the exercise".into())
}

/// A test failure already explained in words: the panic hook [`fail`]
/// installs prints it without a backtrace.
struct Explained(String);

/// Fails the test with `message`, printed as a panic's message (`thread '…'
/// panicked at <file>:<line>:` and the message) but without the backtrace
/// `RUST_BACKTRACE` would add: a harness's message is about the program it
/// ran (a guest's panic or trap, a rank's report), and the harness's own
/// frames would bury it. Any other panic prints as usual.
#[track_caller]
pub fn fail(message: String) -> ! {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let usual = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| match info.payload().downcast_ref::<Explained>() {
            Some(Explained(message)) => {
                let current = thread::current();
                let at = info.location().map_or_else(String::new, |at| format!(" at {at}"));
                eprintln!("\nthread '{}' panicked{at}:\n{message}", current.name().unwrap_or("<unnamed>"));
            }
            None => usual(info),
        }));
    });
    std::panic::panic_any(Explained(message))
}

/// One report line's fields, as `key -> value`.
pub type Report = BTreeMap<String, String>;

/// Every line of `stdout` that starts with `prefix` and a space (leading
/// blanks allowed), read as whitespace-separated `key=value` fields; words
/// without `=` are skipped.
pub fn report_lines(stdout: &str, prefix: &str) -> Vec<Report> {
    stdout
        .lines()
        .filter_map(|line| line.trim().strip_prefix(prefix)?.strip_prefix(' '))
        .map(|fields| {
            fields
                .split_whitespace()
                .filter_map(|kv| kv.split_once('='))
                .map(|(k, v)| (k.into(), v.into()))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stub_names_its_exercise() {
        let todo = "not yet implemented: lab7 exercise 2: the value pinned in its slot (book: ch. 4, x)";
        assert_eq!(stub_exercise(todo), "lab7 exercise 2");
        assert_eq!(stub_exercise("not yet implemented"), "the exercise");
    }

    #[test]
    fn reads_only_lines_with_the_prefix() {
        let out = "noise\nLAB3 rank=0 size=2\n  LAB3 rank=1 size=2 stray\nLAB30 rank=9\n";
        let reports = report_lines(out, "LAB3");
        assert_eq!(reports.len(), 2);
        assert_eq!(reports[1]["rank"], "1");
        assert!(!reports[1].contains_key("stray"));
    }

    #[test]
    fn a_child_that_overruns_is_killed_and_named() {
        let mut sleep = Command::new("sleep");
        sleep.arg("30");
        let started = Instant::now();
        let err = run(sleep, Duration::from_millis(200), "sleep 30").unwrap_err();
        assert!(err.starts_with("sleep 30 did not finish within 200ms"), "{err}");
        assert!(started.elapsed() < Duration::from_secs(5), "the child was not stopped promptly");
    }

    #[test]
    fn output_and_status_are_captured() {
        let mut sh = Command::new("sh");
        sh.args(["-c", "echo out; echo err >&2; exit 3"]);
        let out = run(sh, Duration::from_secs(10), "sh").unwrap();
        assert_eq!(
            (out.stdout.as_str(), out.stderr.as_str(), out.status.code()),
            ("out\n", "err\n", Some(3))
        );
    }
}

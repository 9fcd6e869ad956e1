//! Helpers the lab's tests share: a worker that finishes late on purpose, a
//! time limit for code that might deadlock, a process of its own for each
//! test (so a memory error fails that test with its message instead of
//! killing the whole run), and reading a panic's message.

#![allow(dead_code)] // Each test file uses some of the helpers.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::process::ExitStatus;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::Duration;

use timed_run::{fail, in_child};

/// How long a [`LateWorker`] waits to be released before it finishes anyway.
/// Natively half a second: long enough that a test always looks before the
/// worker gives up, so an API that does not wait is caught every time. Under
/// Miri, whose clock counts the program's steps, two seconds.
pub const LATE: Duration = if cfg!(miri) { Duration::from_secs(2) } else { Duration::from_millis(500) };

/// How long a test may take before we call it a deadlock. A correct test
/// waits [`LATE`] at most, plus its own work (forty scopes take 2 s under
/// Miri); the rest is a margin for a busy machine. So a wrong answer that
/// never lets a scope return fails each test in three seconds (five under
/// Miri), with the test's own message.
pub const LIMIT: Duration = if cfg!(miri) { Duration::from_secs(5) } else { Duration::from_secs(3) };

/// How long the process that runs one test may take: [`LIMIT`], plus its
/// start and its report. Only a test whose process hangs even after its own
/// time limit failed meets this one.
const PROCESS_LIMIT: Duration = Duration::from_secs(15);

/// Names the test that a child process runs (see [`within`]). Set it by
/// hand to run one test in the test binary's own process, for a debugger or
/// a backtrace: `LAB2_TEST_CHILD=<test> cargo test -p lab2 --test <target> -- <test> --exact`.
const CHILD: &str = "LAB2_TEST_CHILD";

/// What a child prints before the panic its test failed with, which may
/// come from `resume_unwind` and so have no report of its own.
const FAILED_WITH: &str = "LAB2 the test failed with:";

/// A worker that cannot finish before the test has checked on it. It waits
/// for a release that the test sends only *after* looking at
/// [`LateWorker::finished`], or for [`LATE`] to pass. So an API that waits
/// for the worker sees it finished (after `LATE`); one that does not wait
/// sees it unfinished, every time, with no race.
pub struct LateWorker {
    finished: Arc<AtomicBool>,
    release: Sender<()>,
    done: Receiver<()>,
    work: Option<Box<dyn FnOnce() + Send>>,
}

impl LateWorker {
    /// A worker, not started yet.
    pub fn new() -> Self {
        let finished = Arc::new(AtomicBool::new(false));
        let (release, wait) = mpsc::channel::<()>();
        let (done_tx, done) = mpsc::channel::<()>();
        let flag = Arc::clone(&finished);
        let work = Box::new(move || {
            let _ = wait.recv_timeout(LATE);
            flag.store(true, Ordering::SeqCst);
            let _ = done_tx.send(());
        });
        LateWorker { finished, release, done, work: Some(work) }
    }

    /// The worker's code, to hand to the API under test (once).
    pub fn work(&mut self) -> impl FnOnce() + Send + 'static {
        self.work.take().expect("a LateWorker runs once")
    }

    /// Whether the worker has finished by now.
    pub fn finished(&self) -> bool {
        self.finished.load(Ordering::SeqCst)
    }
}

impl Drop for LateWorker {
    /// Releases the worker and waits (with a limit) until it is done, so no
    /// test leaves a thread behind.
    fn drop(&mut self) {
        if self.work.is_none() {
            let _ = self.release.send(());
            let _ = self.done.recv_timeout(LIMIT);
        }
    }
}

/// Runs a test's `body` in a process of its own, and fails if it takes
/// longer than [`LIMIT`].
///
/// The tests lend their stack data to workers. A wrong `scope` (or guard)
/// that returns while a worker still runs lets the worker write into freed
/// memory, which can kill the process with SIGSEGV, and with it every
/// test's report. So this test binary starts itself again with only this
/// test, as lab 7's `tests/ex3_trap.rs` does for its aborts; the child,
/// told by [`CHILD`], runs `body`, and a crash fails only this test, with
/// the signal and the last thing the test said. Under Miri, which cannot
/// start processes and reports memory errors itself, `body` runs here.
pub fn within<F: FnOnce() + Send + 'static>(body: F) {
    let test = thread::current().name().map(String::from);
    match test {
        Some(test) if !cfg!(miri) && test != "main" => {
            if let Some(out) = in_child(CHILD, &test, PROCESS_LIMIT, || watchdog(body)) {
                judge(&test, &out);
            }
        }
        // Not on a thread named after its test: run it here.
        _ => watchdog(body),
    }
}

/// Fails this test the way its process failed (with [`fail`], which leaves
/// out this process's backtrace): with the test's own panic message, or
/// with the signal that killed it. A stub's `todo!()` comes
/// first, even when the test caught it and failed on something else.
fn judge(test: &str, out: &timed_run::Output) {
    if out.status.success() {
        return;
    }
    let panics = panics(&out.stderr);
    // The test's own thread, or the one `watchdog` runs it on; workers'
    // panics, on unnamed threads, are left out.
    let own = |message: Option<&str>| {
        panics.iter().rev().find(|p| p.thread == test && message.is_none_or(|m| m == p.message))
    };
    let said: Option<(String, Option<&str>)> = match (
        panics.iter().find(|p| p.message.starts_with("not yet implemented")),
        failed_with(&out.stderr),
    ) {
        (Some(todo), _) => Some((todo.message.clone(), Some(todo.place.as_str()))),
        (None, Some(message)) => {
            let place = own(Some(&message)).map(|p| p.place.as_str());
            Some((message, place))
        }
        (None, None) => own(None).map(|p| (p.message.clone(), Some(p.place.as_str()))),
    };
    if let Some(crash) = crash(&out.status) {
        match said {
            Some((message, place)) => fail(format!(
                "{crash}\nThe test's last panic message before that{}: {message}",
                place.map(|place| format!(", at {place}")).unwrap_or_default()
            )),
            None => fail(crash),
        }
    }
    match said {
        Some((message, Some(place))) if place.contains("tests/support/") => fail(message),
        Some((message, Some(place))) => fail(format!("{message}\n(at {place}, in the test's own process)")),
        Some((message, None)) => fail(format!(
            "{message}\n(a panic passed on with resume_unwind, which names no place: from a join or a Drop?)"
        )),
        None => fail(format!(
            "the process running `{test}` ended with {} and no panic message\n--- stdout ---\n{}--- stderr ---\n{}",
            out.status, out.stdout, out.stderr
        )),
    }
}

/// The message the child printed after [`FAILED_WITH`], if it did.
fn failed_with(stderr: &str) -> Option<String> {
    let (_, rest) = stderr.rsplit_once(FAILED_WITH)?;
    let lines: Vec<&str> = rest
        .strip_prefix(' ')
        .unwrap_or(rest)
        .lines()
        .take_while(|l| !(l.starts_with("note: ") || l.starts_with("thread '")))
        .collect();
    Some(lines.join("\n").trim_end().into())
}

/// What a process that ended with `status` suffered, if a signal or an
/// abort ended it rather than a failed test.
fn crash(status: &ExitStatus) -> Option<String> {
    const SIGABRT: i32 = 6;
    const SIGBUS: i32 = 7;
    const SIGSEGV: i32 = 11;
    const MEMORY: &str = "a memory error: a worker used data the test had already freed, because `scope` \
         returned (or the guard was dropped) while the worker was still running";
    #[cfg(unix)]
    let signal = std::os::unix::process::ExitStatusExt::signal(status);
    #[cfg(not(unix))]
    let signal: Option<i32> = None;
    match signal {
        Some(SIGSEGV) => Some(format!("the test's process was killed by SIGSEGV, {MEMORY}")),
        Some(SIGBUS) => Some(format!("the test's process was killed by SIGBUS, {MEMORY}")),
        Some(SIGABRT) => Some(
            "the test's process aborted (SIGABRT): a panic while a panic was unwinding, an abort on purpose, \
             or the allocator finding its memory corrupted (a write out of bounds)"
                .into(),
        ),
        Some(other) => Some(format!("the test's process was killed by signal {other}")),
        // Windows' STATUS_ACCESS_VIOLATION is its SIGSEGV.
        None if status.code() == Some(0xC000_0005_u32 as i32) => {
            Some(format!("the test's process died of an access violation, {MEMORY}"))
        }
        None => None,
    }
}

/// One panic a process reported on its stderr.
struct Panic {
    /// The name of the thread that panicked (`<unnamed>` for most workers).
    thread: String,
    /// Where: `file:line:column`.
    place: String,
    /// What it said.
    message: String,
}

/// Every panic in a process's stderr, in order, as the default panic hook
/// prints them: `thread '<name>' (<id>) panicked at <place>:`, then the
/// message up to a `note:` or backtrace line, the next panic or the line
/// [`watchdog`] adds.
fn panics(stderr: &str) -> Vec<Panic> {
    let mut found = Vec::new();
    let mut lines = stderr.lines().peekable();
    while let Some(line) = lines.next() {
        let Some((head, place)) = line.split_once(" panicked at ") else { continue };
        let Some(thread) = head.strip_prefix("thread '").and_then(|rest| rest.split('\'').next()) else {
            continue;
        };
        let mut message = Vec::new();
        while let Some(next) = lines.next_if(|l| {
            !["note: ", "stack backtrace:", "thread '", FAILED_WITH].iter().any(|end| l.starts_with(end))
        }) {
            message.push(next);
        }
        found.push(Panic {
            thread: thread.into(),
            place: place.trim_end_matches(':').into(),
            message: message.join("\n").trim_end().into(),
        });
    }
    found
}

/// Runs `body` on a thread named after the test and fails if it takes
/// longer than [`LIMIT`]: a scope that waits for a worker that never
/// reports back would otherwise hang the test.
fn watchdog<F: FnOnce() + Send + 'static>(body: F) {
    let (tx, rx) = mpsc::channel();
    let mut runner = thread::Builder::new();
    if let Some(test) = thread::current().name() {
        runner = runner.name(test.into());
    }
    runner
        .spawn(move || {
            let _ = tx.send(panic::catch_unwind(AssertUnwindSafe(body)));
        })
        .expect("a thread for the test");
    match rx.recv_timeout(LIMIT) {
        Ok(Ok(())) => {}
        Ok(Err(payload)) => {
            if std::env::var_os(CHILD).is_some() {
                eprintln!("{FAILED_WITH} {}", message(&*payload));
            }
            panic::resume_unwind(payload)
        }
        Err(_) => panic!(
            "the test did not finish within {LIMIT:?} (a correct answer takes about {LATE:?}): a deadlock? \
             Does every worker report that it finished?"
        ),
    }
}

/// The message of a panic's payload, for `panic!("literal")` and
/// `panic!("{formatted}")` alike.
pub fn message(payload: &(dyn Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s
    } else {
        "<not a string>"
    }
}

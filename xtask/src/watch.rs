//! `cargo xtask watch [labN]`: the student's loop. It finds the lab's first
//! unfinished exercise, runs only that exercise's tests each time a file in
//! the lab's `src/` is saved, shows the first failing test with its message
//! and the page to read, reveals the next hint on `h`, and moves on to the
//! next exercise when one passes. `--measure` times that loop, save to
//! result, for each lab.

use std::io::BufRead;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use notify_debouncer_mini::{DebounceEventResult, new_debouncer, notify::RecursiveMode};

use crate::labs::{self, Exercise, Lab};
use crate::libtest::{self, Files};
use crate::progress::{LOCAL_BOOK, first_failure};

/// How long a burst of file events (an editor's save) is gathered into one.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// What reaches the loop: a save, or a line the student typed.
enum Event {
    Saved,
    Typed(String),
}

/// Where an exercise run leaves the student.
enum Verdict {
    /// Every test of the exercise passes.
    Passed,
    /// The first failing test (`exercise::test`) and what it says.
    Failed { test: String, message: String },
    /// Not run here (a nightly exercise without nightly).
    Skipped(String),
}

/// Runs the loop on `lab` (by default the lab whose student file was saved
/// last); with `once`, runs the first unfinished exercise once and returns.
pub fn run(root: &Path, lab: Option<&str>, once: bool) -> Result<(), String> {
    let labs = labs::discover(root)?;
    let lab = match lab {
        Some(name) => labs.iter().find(|l| l.name == name).ok_or_else(|| no_such_lab(name, &labs))?,
        None => last_saved(&labs).ok_or("no lab found")?,
    };
    if let Some(problem) = &lab.problem {
        return Err(format!("{}: {problem}", lab.name));
    }
    let mut current = 0;
    let (events, receiver) = mpsc::channel();
    // The watcher lives as long as the loop: dropping it stops the events.
    let _watcher = if once { None } else { Some(watch_sources(lab, events.clone())?) };
    if !once {
        read_keys(events);
        println!(
            "watching {}/src: save a file to run the exercise's tests again; h⏎ shows the next hint, q⏎ quits",
            lab.dir.strip_prefix(root).unwrap_or(&lab.dir).display()
        );
    }
    loop {
        current = advance(root, lab, current)?;
        if once || current == lab.meta.exercises.len() {
            return Ok(());
        }
        loop {
            match receiver.recv() {
                Ok(Event::Saved) => break,
                Ok(Event::Typed(line)) if line.trim() == "h" => {
                    let exercise = &lab.meta.exercises[current];
                    if let Err(why) = crate::hints::run(root, &lab.name, Some(&exercise.test)) {
                        println!("{why}");
                    }
                }
                Ok(Event::Typed(line)) if line.trim() == "q" => return Ok(()),
                Ok(Event::Typed(_)) => println!("h⏎ shows the next hint, q⏎ quits; saving a file re-runs"),
                Err(_) => return Ok(()),
            }
        }
    }
}

/// Runs exercise `from` and, while they pass, the ones after it; returns the
/// first unfinished one (the count of exercises when the lab is done).
fn advance(root: &Path, lab: &Lab, from: usize) -> Result<usize, String> {
    let count = lab.meta.exercises.len();
    for (index, exercise) in lab.meta.exercises.iter().enumerate().skip(from) {
        let started = Instant::now();
        let label = format!("{} exercise {}/{count} ({})", lab.name, index + 1, exercise.title);
        println!("── {label}: cargo test -p {} --test {} …", lab.name, exercise.test);
        let verdict = run_exercise(root, lab, exercise)?;
        let took = started.elapsed().as_secs_f64();
        match verdict {
            Verdict::Passed => println!("✓ {label}: every test passes ({took:.1} s)"),
            Verdict::Skipped(why) => println!("– {label}: skipped, {why}"),
            Verdict::Failed { test, message } => {
                println!("✗ {test} ({took:.1} s)\n    {message}");
                println!("    file: {}", exercise.files.join(", "));
                println!("    read: {LOCAL_BOOK}{} (while `cargo xtask serve` runs)", exercise.book);
                println!("    h⏎ for the next hint; save a file to run the tests again");
                return Ok(index);
            }
        }
    }
    println!("{}: every exercise passes. `cargo xtask progress` shows all the labs.", lab.name);
    Ok(count)
}

fn run_exercise(root: &Path, lab: &Lab, exercise: &Exercise) -> Result<Verdict, String> {
    if exercise.nightly && !libtest::nightly_available() {
        return Ok(Verdict::Skipped(
            "it needs the nightly toolchain (`cargo xtask setup` installs it)".into(),
        ));
    }
    let run = libtest::run(root, lab, Files::Student, exercise)?;
    Ok(match first_failure(lab, exercise, &run) {
        None => Verdict::Passed,
        Some((test, message)) => match &run.broken {
            Some(why) if run.results.is_empty() => Verdict::Failed { test, message: first_error(why) },
            _ => Verdict::Failed { test, message },
        },
    })
}

/// The compiler's first error and its location, from a run that did not build.
fn first_error(why: &str) -> String {
    let mut lines = why.lines().skip_while(|l| !l.starts_with("error"));
    match (lines.next(), lines.next()) {
        (Some(error), Some(at)) if at.trim_start().starts_with("-->") => {
            format!("{error}\n    {}", at.trim())
        }
        (Some(error), _) => error.to_string(),
        _ => why.lines().next().unwrap_or("the tests did not run").to_string(),
    }
}

/// Sends `Event::Saved` for every burst of changes under the lab's `src/`.
fn watch_sources(
    lab: &Lab,
    events: mpsc::Sender<Event>,
) -> Result<notify_debouncer_mini::Debouncer<notify_debouncer_mini::notify::RecommendedWatcher>, String> {
    let mut debouncer = new_debouncer(DEBOUNCE, move |result: DebounceEventResult| {
        let saved = result.is_ok_and(|changes| changes.iter().any(|c| is_source(&c.path)));
        if saved {
            let _ = events.send(Event::Saved);
        }
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    let src = lab.dir.join("src");
    debouncer
        .watcher()
        .watch(&src, RecursiveMode::Recursive)
        .map_err(|e| format!("cannot watch {}: {e}", src.display()))?;
    Ok(debouncer)
}

/// A Rust source, not an editor's swap or backup file.
fn is_source(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "rs")
}

/// Sends each line typed on the terminal.
fn read_keys(events: mpsc::Sender<Event>) {
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { return };
            if events.send(Event::Typed(line)).is_err() {
                return;
            }
        }
    });
}

/// The lab with the most recently saved student file.
fn last_saved(labs: &[Lab]) -> Option<&Lab> {
    let saved = |lab: &Lab| -> SystemTime {
        let files = lab.meta.exercises.iter().flat_map(|e| &e.files);
        let times = files.filter_map(|f| std::fs::metadata(lab.dir.join(f)).and_then(|m| m.modified()).ok());
        times.max().unwrap_or(SystemTime::UNIX_EPOCH)
    };
    labs.iter().max_by_key(|lab| saved(lab))
}

fn no_such_lab(name: &str, labs: &[Lab]) -> String {
    let names: Vec<&str> = labs.iter().map(|l| l.name.as_str()).collect();
    format!("no lab named {name}; the labs are {}", names.join(", "))
}

/// `--measure`: for each lab (or `only`), the save→result time of its first
/// unfinished exercise (of its first, when every one passes), warm: one untimed run builds it, then each of
/// `runs` timed rounds re-saves the exercise's first file unchanged (a new
/// modification time, so cargo rebuilds it as after an edit) and runs the
/// exercise's tests. Prints a table of the median and the slowest round.
pub fn measure(root: &Path, only: Option<&str>, runs: usize) -> Result<(), String> {
    let labs = labs::discover(root)?;
    let mut table = crate::table::Table::new(&["lab", "exercise", "median", "slowest", "result"]);
    for lab in labs.iter().filter(|lab| only.is_none_or(|name| lab.name == name)) {
        // The exercise the loop would be on; in a finished lab, the first.
        let index = first_unfinished(root, lab)?;
        let Some(exercise) = lab.meta.exercises.get(index).or(lab.meta.exercises.first()) else { continue };
        let file = lab.dir.join(exercise.files.first().map_or("src/lib.rs", String::as_str));
        let mut times = Vec::new();
        let mut result = String::new();
        for _ in 0..runs.max(1) {
            let text = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            std::fs::write(&file, text).map_err(|e| format!("{}: {e}", file.display()))?;
            let started = Instant::now();
            result = match run_exercise(root, lab, exercise)? {
                Verdict::Passed => "passes".into(),
                Verdict::Failed { test, .. } => format!("fails at {test}"),
                Verdict::Skipped(why) => why,
            };
            times.push(started.elapsed().as_secs_f64());
        }
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        let slowest = times[times.len() - 1];
        table.row([
            lab.name.clone(),
            exercise.test.clone(),
            format!("{median:.2} s"),
            format!("{slowest:.2} s"),
            result,
        ]);
    }
    print!("{table}");
    Ok(())
}

/// The first exercise whose tests do not all pass (runs them in order, which
/// is also the untimed warm-up build).
fn first_unfinished(root: &Path, lab: &Lab) -> Result<usize, String> {
    for (index, exercise) in lab.meta.exercises.iter().enumerate() {
        if !matches!(run_exercise(root, lab, exercise)?, Verdict::Passed) {
            return Ok(index);
        }
    }
    Ok(lab.meta.exercises.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_failure_shows_the_first_error_and_where() {
        let why = "no test summary (build failure or crash):\n   Compiling lab8\nerror[E0308]: mismatched types\n  --> labs/lab8-atomic-deallocation/src/arc.rs:12:5\n   |\nerror: aborting";
        assert_eq!(
            first_error(why),
            "error[E0308]: mismatched types\n    --> labs/lab8-atomic-deallocation/src/arc.rs:12:5"
        );
        assert_eq!(
            first_error("no test summary (build failure or crash):\nsignal 11"),
            "no test summary (build failure or crash):"
        );
    }

    #[test]
    fn only_rust_sources_count_as_saves() {
        assert!(is_source(Path::new("labs/lab1/src/leaks.rs")));
        assert!(!is_source(Path::new("labs/lab1/src/.leaks.rs.swp")));
        assert!(!is_source(Path::new("labs/lab1/src/leaks.rs~")));
    }
}

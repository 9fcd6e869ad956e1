//! `cargo xtask`: the project's own commands. Set up a machine, check it,
//! build or serve the book, run every test a maintainer must keep green, and
//! show a student's progress through the labs.

mod answer_includes;
mod book;
mod browser;
mod bundle;
mod cmd;
mod demos;
mod doctor;
mod exercise_facts;
mod exercise_links;
mod grading;
mod guest_mutants;
mod hints;
mod labs;
mod layout;
mod libtest;
mod links;
mod loom;
mod miri_verdicts;
mod mutants;
mod prereqs;
mod progress;
mod schedules;
mod seed_build;
mod setup;
mod speaker_notes;
mod stub_functions;
mod student_sim;
mod table;
mod test;
mod walk;
mod watch;
mod wrong_answers;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use prereqs::Scope;

/// Commands for the Forget-me-not book and labs.
#[derive(Parser)]
#[command(name = "cargo xtask", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Install what is missing: system packages (MPI, libclang, QEMU), rustup
    /// targets, nightly Miri, the pinned mdBook tools. Safe to run again.
    Setup {
        /// Only what building and serving the book needs.
        #[arg(long)]
        book_only: bool,
    },
    /// Check this machine: one row per prerequisite with the fix for anything missing.
    Doctor,
    /// Build the book into book/ (runs the book part of setup first).
    Book,
    /// Serve the book on http://localhost:3000, rebuilding on change (runs setup first).
    Serve {
        /// Open the book in a browser.
        #[arg(long)]
        open: bool,
    },
    /// Run everything that must stay green: formatting, clippy, the book's code
    /// and build, every lab against its solution, the unsolved check, Miri.
    Test {
        /// Run only the stages whose names contain this (`--only "students' files"`);
        /// setup always runs. For a quick loop while working on one check.
        #[arg(long)]
        only: Option<String>,
    },
    /// Run the hazard demonstrations (Miri's reports, clobbered canaries) the book shows.
    Demos {
        /// Record each run's output in the transcript file the book includes.
        #[arg(long)]
        write: bool,
        /// Only this lab's demonstrations (for example `lab2`).
        lab: Option<String>,
    },
    /// Build the book and test it in headless Chromium: console errors,
    /// diagrams, admonitions, links and anchors, search; screenshots in target/browser.
    Browser {
        /// Instead, check that a broken fixture book fails the test.
        #[arg(long)]
        self_test: bool,
    },
    /// Write target/forget-me-not-bundle.tar.gz: the book for file://, the
    /// labs with their stubs, and a PDF of the whole book.
    Bundle,
    /// Check the wrong answers the labs keep: each must fail the tests it names.
    WrongAnswers {
        /// Only this lab (for example `lab3`).
        lab: Option<String>,
    },
    /// Mutation testing: cargo-mutants changes the reference answers (in a
    /// copy, where they sit in the students' files) and each lab's tests must
    /// catch every change, or its `mutants.toml` must say why they cannot.
    /// Slow (minutes per lab): a scheduled workflow runs it, not `test`.
    Mutants {
        /// Only this lab (for example `lab4`).
        lab: Option<String>,
    },
    /// Show the next graded hint for an exercise (each run reveals one more).
    Hint {
        /// The lab, for example `lab1`.
        lab: String,
        /// The exercise: its number (`2`) or test name (`ex2_guard`); by
        /// default the first exercise with hints left.
        exercise: Option<String>,
    },
    /// Check the pages without building anything: every lab's hints, the
    /// link from each page an exercise practises to that exercise, every
    /// chapter page's speaker notes, the workshop schedules' arithmetic and
    /// their minutes against the pages, every `cargo …` command the pages show.
    PagesCheck,
    /// Chapter 5's Miri verdict table: check it still holds, or record it with --write.
    Verdicts {
        /// Record the table the book includes.
        #[arg(long)]
        write: bool,
    },
    /// Run lab 8's loom model checks (release, `--cfg loom`, target/loom).
    Loom,
    /// Show how far the student's own files get through each lab's tests.
    Progress {
        /// Only this lab (for example `lab1`).
        lab: Option<String>,
    },
    /// Work through a lab: run the first unfinished exercise's tests each
    /// time a file of the lab is saved, and move on when it passes.
    Watch {
        /// The lab (for example `lab8`); by default the one saved last.
        lab: Option<String>,
        /// Run the first unfinished exercise once, then stop.
        #[arg(long)]
        once: bool,
        /// Time save → result for each lab (or the one named), warm.
        #[arg(long, conflicts_with = "once")]
        measure: bool,
        /// Timed rounds per lab for --measure.
        #[arg(long, default_value_t = 5, requires = "measure")]
        runs: usize,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = workspace_root();
    put_cargo_bin_on_path();
    let result = match cli.command {
        Command::Setup { book_only } => {
            let scopes: &[Scope] =
                if book_only { &[Scope::Book] } else { &[Scope::Book, Scope::Labs, Scope::Maintainer] };
            setup::ensure(&root, scopes).map(|summary| println!("setup: {summary}"))
        }
        Command::Doctor => doctor::run(&root),
        Command::Book => setup::ensure(&root, &[Scope::Book]).and_then(|_| book::build(&root)),
        Command::Serve { open } => {
            setup::ensure(&root, &[Scope::Book]).and_then(|_| book::serve(&root, open))
        }
        Command::Test { only } => test::run(&root, only.as_deref()),
        Command::Demos { write, lab } => labs::discover(&root)
            .map(|labs| {
                labs.into_iter()
                    .filter(|l| lab.as_ref().is_none_or(|name| &l.name == name))
                    .collect::<Vec<_>>()
            })
            .and_then(|labs| demos::run_all(&root, &labs, write))
            .map(|note| println!("{note}")),
        Command::Browser { self_test } => {
            // Chromium is a maintainer prerequisite; the book needs the mdBook tools.
            let result = setup::ensure(&root, &[Scope::Book, Scope::Maintainer])
                .and_then(|_| if self_test { browser::self_test(&root) } else { browser::run(&root) });
            result.map(|note| println!("browser: {note}"))
        }
        Command::Bundle => setup::ensure(&root, &[Scope::Book, Scope::Maintainer])
            .and_then(|_| bundle::write(&root))
            .map(|note| println!("bundle: {note}")),
        Command::WrongAnswers { lab } => {
            wrong_answers::stage(&root, lab.as_deref()).map(|note| println!("{note}"))
        }
        Command::Mutants { lab } => {
            mutants::run(&root, lab.as_deref()).map(|note| println!("mutants: {note}"))
        }
        Command::Hint { lab, exercise } => hints::run(&root, &lab, exercise.as_deref()),
        Command::PagesCheck => labs::discover(&root).and_then(|labs| {
            let checks: Vec<_> = test::QUICK.iter().map(|(_, check)| check(&root, &labs)).collect();
            let failed: Vec<String> = checks.iter().filter_map(|c| c.as_ref().err().cloned()).collect();
            checks.iter().flatten().for_each(|note| println!("{note}"));
            if failed.is_empty() { Ok(()) } else { Err(failed.join("\n")) }
        }),
        Command::Verdicts { write } => {
            let note = if write { miri_verdicts::write(&root) } else { miri_verdicts::run(&root) };
            note.map(|n| println!("{n}"))
        }
        Command::Loom => loom::run(&root).map(|n| println!("{n}")),
        Command::Progress { lab } => progress::run(&root, lab.as_deref()),
        Command::Watch { lab, measure: true, runs, .. } => watch::measure(&root, lab.as_deref(), runs),
        Command::Watch { lab, once, .. } => watch::run(&root, lab.as_deref(), once),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(why) => {
            eprintln!("error: {why}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo install` puts the book's tools in `$CARGO_HOME/bin`; make sure the
/// programs xtask starts find them even when the shell's PATH lacks it.
fn put_cargo_bin_on_path() {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")));
    let (Some(home), Some(path)) = (cargo_home, std::env::var_os("PATH")) else { return };
    let bin = home.join("bin");
    let mut dirs: Vec<PathBuf> = std::env::split_paths(&path).collect();
    if !dirs.contains(&bin) {
        dirs.push(bin);
        if let Ok(joined) = std::env::join_paths(dirs) {
            // SAFETY: called at the start of `main`, before xtask starts any thread.
            unsafe { std::env::set_var("PATH", joined) };
        }
    }
}

/// The repository root: the parent of this crate's folder.
fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

//! The one line each rank prints for the tests to read: `LAB3 key=value …`.
//! Given, not an exercise.

use std::fmt::Display;
use std::io::Write;

/// Builds a rank's report line; [`Report::print`] writes it to stdout.
#[derive(Debug, Default)]
pub struct Report {
    line: String,
}

impl Report {
    /// A report that starts with this rank's place in the world.
    pub fn new(rank: i32, size: i32) -> Self {
        Report { line: format!("LAB3 rank={rank} size={size}") }
    }

    /// Adds `key=value` (the value must not contain spaces).
    pub fn with(mut self, key: &str, value: impl Display) -> Self {
        self.line.push_str(&format!(" {key}={value}"));
        self
    }

    /// Prints the line and flushes, so it survives an abort that follows.
    pub fn print(self) {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", self.line);
        let _ = out.flush();
    }
}

/// Makes a panicking rank print its panic as usual and then exit at once.
/// Unwinding would drop the `Universe` and call `MPI_Finalize`, which waits
/// for the other ranks, which may be waiting for this one: the job would
/// hang. An exit without finalising makes `mpirun` stop the whole job.
pub fn exit_on_panic() {
    let print = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        print(info);
        std::process::exit(101);
    }));
}

/// Starts a rank program that runs one of its `scenarios`, the one its first
/// argument names, and returns MPI's universe and that name. A name that is
/// not one of them is refused before MPI starts, so its message comes alone,
/// with or without `mpirun`; a scenario for which `needs_two` holds is
/// refused with fewer than two ranks. Either way the program exits with
/// status 2 and one line saying what to run instead. Panics exit at once
/// ([`exit_on_panic`]).
pub fn start(
    program: &str,
    scenarios: &[&'static str],
    needs_two: impl Fn(&str) -> bool,
) -> (mpi::environment::Universe, &'static str) {
    exit_on_panic();
    let named = std::env::args().nth(1).unwrap_or_default();
    let Some(&scenario) = scenarios.iter().find(|&&s| s == named) else {
        eprintln!(
            "unknown scenario {named:?}: name one of {}, as in `mpirun -n 2 target/debug/{program} {}`",
            scenarios.join(", "),
            scenarios[0]
        );
        std::process::exit(2);
    };
    let universe = mpi::initialize().expect("MPI is initialised once, here");
    if mpi::topology::Communicator::size(&universe.world()) < 2 && needs_two(scenario) {
        eprintln!("scenario {scenario:?} needs two ranks: `mpirun -n 2 target/debug/{program} {scenario}`");
        drop(universe); // finalises MPI
        std::process::exit(2);
    }
    (universe, scenario)
}

//! The lab's demonstration: runs `ranks/bin/forgotten_request.rs` under
//! `mpirun` and shows what it printed: a forgotten guard-object receive
//! writing into memory the program had already reused.
//!
//! Run it with `cargo run -p lab3 --example forgotten_request`.

use lab3::{Profile, mpirun, rank_program};

fn main() {
    let program = rank_program("forgotten_request", Profile::Debug);
    let run = mpirun(1, &program, &[]);
    println!("$ {}", run.command);
    print!("{}", run.stdout);
    if !run.status.success() {
        eprintln!("{}", run.explain());
        std::process::exit(1);
    }
}

//! A forgotten stream write is a leak, not a hazard: the guest's given
//! `forget-pending` export starts a 64 KiB write, forgets the write and the
//! writer, and fills eight fresh 64 KiB buffers with `0xee`; then the host
//! reads. It finds the original bytes, and the guest's allocator still counts
//! the forgotten buffer. Run it with `cargo run -p lab6 --example
//! forgotten_write` (it uses only given code, so the stubs are enough).

use std::process::ExitCode;

use lab6::host::{Lab, pattern};

fn main() -> ExitCode {
    let len: u32 = 64 * 1024;
    let mut lab = Lab::new().unwrap_or_else(|e| panic!("{e}"));
    let live = |lab: &mut Lab| lab.stats().unwrap_or_else(|e| panic!("{e}")).live_bytes;
    let before = live(&mut lab);
    let got = lab.forget_pending(len).unwrap_or_else(|e| panic!("{e}"));
    let after = live(&mut lab);

    println!("the guest forgot a pending {len}-byte write, then filled 8 new {len}-byte buffers with 0xee");
    let intact = got == pattern(len as usize);
    if intact {
        println!("the host read {} bytes: the original pattern, intact", got.len());
    } else if let Some(at) = got.iter().position(|&b| b == 0xee) {
        println!("the host read {} bytes: CORRUPTED, 0xee from byte {at}", got.len());
    } else {
        println!("the host read {} bytes: not the pattern the guest wrote", got.len());
    }
    let leaked = after >= before + u64::from(len);
    if leaked {
        println!(
            "the guest's live heap grew from {before} to {after} bytes: the forgotten buffer is still allocated (leaked)"
        );
    } else {
        println!("the guest's live heap went from {before} to {after} bytes: the forgotten buffer was freed");
    }
    if intact && leaked { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

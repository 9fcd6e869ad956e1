//! The hazard on QEMU: runs the guest program `forgotten` (a transfer that
//! borrows its buffer and is forgotten) and prints what it printed on its
//! UART. `cargo run -p lab5 --features solution --example forgotten_dma`
//! (the program finds the device with the reference `find_edu`).

fn main() {
    let run = lab5::run_guest("forgotten");
    println!("$ {}", run.command);
    print!("{}", run.stdout);
    if !run.status.success() {
        eprintln!("{}", run.explain("its two lines"));
        std::process::exit(1);
    }
}

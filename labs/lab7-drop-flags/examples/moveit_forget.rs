//! Forgets a real `moveit` 0.6.0 `MoveRef` into a stack slot and lets the
//! slot's scope end: the crate's `TrappedFlag` sees its drop flag still up
//! and stops the process (it panics while unwinding from a panic, which
//! aborts) before the frame can go on and reuse the storage. `cargo run`
//! hands the process over to the example, so cargo prints nothing about
//! the abort; a shell shows exit status 134 (128 + SIGABRT).

use moveit::slot;

fn main() {
    // One line per panic, whatever RUST_BACKTRACE says, so the transcript
    // stays short.
    std::panic::set_hook(Box::new(|info| {
        let file = info.location().map_or("?", |l| l.file());
        // Paths inside the registry differ between machines; keep the
        // crate's own part.
        let file = ["moveit-0.6.0", "library/"]
            .iter()
            .find_map(|part| file.find(part).map(|at| &file[at..]))
            .unwrap_or(file);
        let message = info.payload_as_str().unwrap_or("(no message)");
        eprintln!("panic in {file}: {message}");
    }));
    {
        slot!(storage);
        let moved = storage.put(String::from("a value nobody will drop"));
        std::mem::forget(moved);
        println!("forgot the MoveRef; the slot's scope ends here");
    }
    println!("the frame went on past the slot (the trap did not fire)");
}

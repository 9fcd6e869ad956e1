//! A value whose ownership moves on one path only. rustc cannot know at
//! compile time whether `message` still needs dropping when `relay` returns,
//! so it keeps a drop flag: a hidden `bool` set when `message` is
//! initialised and cleared when it moves into `send`. The chapter shows
//! `relay`'s MIR (`-Zunpretty=mir`) and the assembly of both functions.

use std::hint::black_box;

/// Takes ownership of the message (and drops it).
#[inline(never)]
pub fn send(message: String) {
    black_box(message.len());
}

/// Something that happens between the move and the end of the scope, so
/// the drop cannot simply be moved into the `else` branch.
#[inline(never)]
pub fn log_call() {
    black_box(());
}

// ANCHOR: relay
/// Sends `message` only when `urgent`; otherwise `message` is dropped when
/// the function returns. Which of the two happens is known only at run time.
#[unsafe(no_mangle)]
#[inline(never)]
pub fn relay(message: String, urgent: bool) {
    if urgent {
        send(message);
    }
    log_call();
} // `message` is dropped here if (and only if) it was not sent
// ANCHOR_END: relay

// ANCHOR: relay_repeat
/// The same, but the call after the branch is a loop, which LLVM will not
/// copy into both branches: the flag survives optimisation.
#[unsafe(no_mangle)]
#[inline(never)]
pub fn relay_repeat(message: String, urgent: bool, times: usize) {
    if urgent {
        send(message);
    }
    for _ in 0..times {
        log_call();
    }
}
// ANCHOR_END: relay_repeat

fn main() {
    relay(String::from("now"), black_box(true));
    relay(String::from("later"), black_box(false));
    relay_repeat(String::from("again"), black_box(false), black_box(2));
}

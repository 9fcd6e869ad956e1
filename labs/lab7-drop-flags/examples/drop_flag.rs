//! A value whose ownership moves on one path only. rustc cannot know at
//! compile time whether `message` still needs dropping when `relay` returns,
//! so it keeps a drop flag: a hidden `bool` set when `message` is
//! initialised and cleared when it moves into `send`. The chapter shows this
//! function's MIR (`-Zunpretty=mir`) and its optimised assembly.

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

fn main() {
    relay(String::from("now"), black_box(true));
    relay(String::from("later"), black_box(false));
}

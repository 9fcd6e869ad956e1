//! Forgets a `MoveRef` into a `slot!` of this lab: the slot's trap sees the
//! drop flag still up when the scope ends and aborts the process. Run it
//! with the reference answers: `cargo run -p lab7 --features solution
//! --example forget_moveref`.

// On the stubs `slot!` is a `todo!()`, so the code after it is unreachable
// until exercise 1 is done.
#![cfg_attr(
    not(feature = "solution"),
    allow(unreachable_code, unused_variables, clippy::diverging_sub_expression)
)]

use lab7::slot;
use lab7::tracked::DropCounter;

fn main() {
    let counter = DropCounter::new();
    {
        slot!(s);
        let moved = s.put(counter.track(7));
        std::mem::forget(moved);
        println!("forgot the MoveRef; the slot's scope ends here");
    }
    println!("the frame went on past the slot (the trap did not fire)");
}

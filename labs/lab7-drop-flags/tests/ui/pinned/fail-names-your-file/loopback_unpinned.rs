//! `unpin` takes only `Unpin` values out of a `Pin<MoveRef>`: a pinned
//! `Loopback` must stay where it recorded its address.

use lab7::pinned::{loopback, unpin};
use lab7::slot;
use lab7::tracked::DropCounter;

fn main() {
    let counter = DropCounter::new();
    slot!(s);
    let pinned = loopback(s, "pinned", &counter);
    let moved = unpin(pinned);
    drop(moved);
}

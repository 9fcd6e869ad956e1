//! A pinned `Loopback` is not `Unpin`: its `Pin<MoveRef>` cannot be
//! unwrapped into a plain `MoveRef`, which could move it.

use std::pin::Pin;

use lab7::pinned::loopback;
use lab7::slot;
use lab7::slot::MoveRef;
use lab7::tracked::DropCounter;

fn unwrap<T: Unpin>(pinned: Pin<MoveRef<'_, T>>) -> MoveRef<'_, T> {
    Pin::into_inner(pinned)
}

fn main() {
    let counter = DropCounter::new();
    slot!(s);
    let pinned = loopback(s, "pinned", &counter);
    let moved = MoveRef::into_inner(unwrap(pinned));
    drop(moved);
}

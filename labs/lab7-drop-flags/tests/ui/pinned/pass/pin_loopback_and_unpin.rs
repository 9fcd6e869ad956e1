//! Pinning used as meant: a `Loopback` built in its slot, an `Unpin` value
//! pinned and taken back out. Fails until exercise 2 works.

use lab7::pinned::{loopback, unpin};
use lab7::slot;
use lab7::tracked::DropCounter;

fn main() {
    let counter = DropCounter::new();
    slot!(a, b);
    let pinned = loopback(a, "home", &counter);
    assert!(pinned.is_home());
    let value = unpin(b.pin(counter.track(9)));
    assert_eq!(value.value, 9);
}

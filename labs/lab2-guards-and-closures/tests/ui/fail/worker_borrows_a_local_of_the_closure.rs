//! A worker may borrow only what outlives the whole scope. A local of the
//! closure dies when the closure returns, before `scope` waits for the
//! workers. This is the case an invariant `'scope` exists for.

use lab2::scope;

fn main() {
    scope(|s| {
        let local = vec![1, 2, 3];
        s.spawn(|| println!("{local:?}"));
    });
}

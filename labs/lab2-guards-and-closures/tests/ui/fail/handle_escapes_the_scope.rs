//! A join handle cannot be returned out of the scope: it would let the
//! caller outlive the worker's borrows.

use lab2::scope;

fn main() {
    let data = vec![1, 2, 3];
    let handle = scope(|s| s.spawn(|| data.len()));
    let _ = handle.join();
}

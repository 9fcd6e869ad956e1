//! The intended use: workers borrow the caller's data, and the caller gets
//! it back when the scope ends.

use std::time::Duration;
use std::{process, thread};

use lab2::fill::fill_in_parallel;
use lab2::scope;

fn main() {
    // trybuild has no time limit: a scope that never returns would hang the
    // test forever, so this program gives up after a while instead.
    thread::spawn(|| {
        thread::sleep(Duration::from_secs(5));
        eprintln!(
            "borrow_and_fill did not finish within 5s: a deadlock? Does every worker report that it finished?"
        );
        process::exit(1);
    });
    let mut buf = [0u8; 8];
    fill_in_parallel(&mut buf, 2, |i| i as u8);
    let total = scope(|s| s.spawn(|| buf.iter().map(|&b| b as u32).sum::<u32>()).join());
    assert_eq!(total.unwrap(), 28);
    // The scope is over: the caller may write its buffer again.
    buf[0] = 9;
    assert_eq!(buf, [9, 1, 2, 3, 4, 5, 6, 7]);
}

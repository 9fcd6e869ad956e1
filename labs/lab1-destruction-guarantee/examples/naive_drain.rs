//! The naive `drain` of exercise 3's tests, on heap-owning items, forgotten
//! half way. Safe code drives it; the bag then drops an item that the
//! iterator already moved out and dropped. Miri reports it:
//! `cargo +nightly miri run -p lab1 --example naive_drain`.

#[path = "../tests/support/naive_drain.rs"]
mod naive_drain;

use lab1::bag::Bag;

fn main() {
    let mut bag: Bag<String> = ["keep", "moved", "leaked"].into_iter().map(String::from).collect();
    let mut drain = naive_drain::naive_drain(&mut bag, 1..3);
    let moved = drain.next().expect("the range is not empty");
    println!("moved out: {moved}");
    drop(moved); // the String "moved" is freed here...
    std::mem::forget(drain); // ...and the bag still counts it as its own.
    println!("the bag says it holds {} items", bag.len());
    drop(bag); // drops "moved" a second time: a double free
}

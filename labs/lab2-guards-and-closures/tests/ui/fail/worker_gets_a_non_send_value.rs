//! Workers run on other threads: what they capture must be `Send`.

use std::rc::Rc;

use lab2::scope;

fn main() {
    let shared = Rc::new(5);
    scope(|s| {
        let mine = Rc::clone(&shared);
        s.spawn(move || *mine + 1);
    });
}

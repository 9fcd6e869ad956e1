//! The scope cannot be sent to a thread the scope does not wait for.

use lab2::scope;

fn main() {
    scope(|s| {
        std::thread::spawn(move || {
            s.spawn(|| ());
        });
    });
}

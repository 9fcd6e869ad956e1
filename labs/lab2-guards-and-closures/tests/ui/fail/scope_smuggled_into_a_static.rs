//! The scope cannot be stored where it would outlive the closure.

use std::sync::Mutex;

use lab2::Scope;
use lab2::scope;

static SMUGGLED: Mutex<Option<&'static Scope<'static, 'static>>> = Mutex::new(None);

fn main() {
    scope(|s| {
        *SMUGGLED.lock().unwrap() = Some(s);
    });
}

//! `Leak` is an auto trait: a guard with an `Unleak<&'a mut T>` field is
//! `!Leak` for a non-`'static` `'a`, so `forget` refuses it.

use lab1::leak::forget;
use lab1::unleak::Unleak;

struct Guard<'a> {
    _borrow: Unleak<&'a mut Vec<u8>>,
}

fn main() {
    let mut buffer = Vec::new();
    let guard = Guard { _borrow: Unleak::new(&mut buffer) };
    forget(guard);
}

//! `into_inner` consumes the `MoveRef`: once the value is out, the
//! reference cannot be read or dropped again.

use lab7::slot;
use lab7::slot::MoveRef;

fn main() {
    slot!(s);
    let moved = s.put(String::from("moved out once"));
    let value = MoveRef::into_inner(moved);
    drop(moved);
    drop(value);
}

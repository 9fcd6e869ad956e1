//! While a `MoveRef` lives, nobody else may touch its storage: writing a
//! new value there would overwrite the one the `MoveRef` owns.

use std::mem::MaybeUninit;

use lab7::slot::{DropFlag, Slot};

fn main() {
    let flag = DropFlag::new();
    let mut storage = MaybeUninit::uninit();
    // SAFETY: this program is rejected before it runs.
    let slot = unsafe { Slot::new(&mut storage, &flag) };
    let moved = slot.put(String::from("owned by the MoveRef"));
    storage = MaybeUninit::new(String::from("written over it"));
    drop(moved);
    drop(storage);
}

//! `Slot::new` is unsafe: a slot whose flag no trap checks lets a forgotten
//! `MoveRef` leave its value in storage the frame then reuses. Safe code
//! gets its slots from `slot!`.

use std::mem::MaybeUninit;

use lab7::slot::{DropFlag, Slot};

fn main() {
    let mut storage = MaybeUninit::uninit();
    let flag = DropFlag::new();
    let slot = Slot::new(&mut storage, &flag);
    std::mem::forget(slot.put(1u8));
}

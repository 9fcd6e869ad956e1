//! A `Slot`'s fields are private: a struct literal would be `Slot::new`
//! without the `unsafe`, a slot with no trap on its flag.

use std::mem::MaybeUninit;

use lab7::slot::{DropFlag, Slot};

fn main() {
    let mut storage = MaybeUninit::uninit();
    let flag = DropFlag::new();
    let slot = Slot { storage: &mut storage, flag: &flag };
    std::mem::forget(slot.put(1u8));
}

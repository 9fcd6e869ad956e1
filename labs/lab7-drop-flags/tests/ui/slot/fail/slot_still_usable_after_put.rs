//! `put` consumes the slot: a slot still reachable after `put` could be
//! filled again, writing over the value the first `MoveRef` owns.

use std::mem::MaybeUninit;

use lab7::slot::{DropFlag, Slot};

fn main() {
    let flag = DropFlag::new();
    let mut storage = MaybeUninit::uninit();
    // SAFETY: this program is rejected before it runs.
    let slot = unsafe { Slot::new(&mut storage, &flag) };
    let kept = &slot;
    let moved = slot.put(1u8);
    let again = kept;
    drop((moved, again));
}

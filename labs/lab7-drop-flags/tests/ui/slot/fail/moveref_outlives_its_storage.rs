//! A `MoveRef` borrows its slot's storage: it cannot outlive it, even when
//! the flag lives longer.

use std::mem::MaybeUninit;

use lab7::slot::{DropFlag, MoveRef, Slot};

fn main() {
    let flag = DropFlag::new();
    let escaped: MoveRef<'_, u8>;
    {
        let mut storage = MaybeUninit::uninit();
        // SAFETY: this program is rejected before it runs.
        let slot = unsafe { Slot::new(&mut storage, &flag) };
        escaped = slot.put(1);
    }
    drop(escaped);
}

//! A pinned `Loopback` is not `Unpin`: no `&mut` to it, so it cannot be
//! swapped (moved) out of its slot.
// With `Loopback` pinned the `mut`s are unused: the swap is what fails.
#![allow(unused_mut)]

use lab7::pinned::loopback;
use lab7::slot;
use lab7::tracked::DropCounter;

fn main() {
    let counter = DropCounter::new();
    slot!(a, b);
    let mut a = loopback(a, "a", &counter);
    let mut b = loopback(b, "b", &counter);
    std::mem::swap(&mut *a, &mut *b);
}

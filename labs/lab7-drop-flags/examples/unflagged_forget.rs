//! What the trap prevents. A pinned node registers its address in a
//! registry and unregisters in `Drop`; it lives in a slot *without* a trap
//! (`Slot::new` called directly, breaking its safety contract on purpose),
//! and its `MoveRef` is forgotten. The frame returns, the node's memory is
//! gone, and the registry still points at it. Under Miri (`cargo +nightly
//! miri run -p lab7 --features solution --example unflagged_forget`) the
//! read through the registry is reported as undefined behaviour.

use std::cell::Cell;
use std::marker::PhantomPinned;
use std::mem::{self, MaybeUninit};
use std::pin::Pin;
use std::ptr;

use lab7::slot::{DropFlag, Slot};

/// Where the registered node's value lives, or null.
type Registry = Cell<*const u64>;

struct Node<'r> {
    value: u64,
    registry: &'r Registry,
    _pinned: PhantomPinned,
}

impl Node<'_> {
    /// Records this node's address; sound only because the node is pinned
    /// and (by `Pin`'s drop guarantee) unregisters before its memory goes.
    fn register(self: Pin<&mut Self>) {
        self.registry.set(&self.value);
    }
}

impl Drop for Node<'_> {
    fn drop(&mut self) {
        self.registry.set(ptr::null());
    }
}

// ANCHOR: unflagged
#[inline(never)]
fn register_and_forget(registry: &Registry) {
    let mut storage = MaybeUninit::uninit();
    let flag = DropFlag::new();
    // SAFETY: not sound, on purpose: nothing checks `flag` before `storage`
    // goes away. This is a slot without a trap.
    let slot = unsafe { Slot::new(&mut storage, &flag) };
    let mut node = slot.pin(Node { value: 42, registry, _pinned: PhantomPinned });
    node.as_mut().register();
    mem::forget(node); // safe code; `Drop` (which would unregister) never runs
} // the frame ends: `storage` is freed while the registry still points into it
// ANCHOR_END: unflagged

fn main() {
    let registry = Registry::new(ptr::null());
    register_and_forget(&registry);
    let registered = registry.get();
    if !registered.is_null() {
        // SAFETY: none: the pointer dangles; this read is the bug.
        let value = unsafe { *registered };
        println!("the registry still points into a dead frame and reads {value}");
    }
}

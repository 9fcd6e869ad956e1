//! Starting a thread whose closure borrows data: the one `unsafe` building
//! block both APIs of this lab stand on. Given, not an exercise.
//!
//! `std::thread::spawn` wants a `'static` closure, because nothing stops its
//! caller from returning while the thread still runs. Std's own
//! `Builder::spawn_unchecked` lifts that requirement, but it is unstable, so
//! this module does the same with a lifetime cast of the boxed closure.

use std::io;
use std::thread::{Builder, JoinHandle};

// ANCHOR: spawn_unchecked
/// A worker's code: any closure that may move to another thread and may
/// borrow data that lives for `'a`.
pub type Work<'a> = Box<dyn FnOnce() + Send + 'a>;

/// Starts a thread that runs `work`, which may borrow data that lives only
/// for `'a`.
///
/// # Safety
///
/// The caller must make sure the thread is done with everything `work`
/// borrows before `'a` ends: `work` must have returned or unwound, and every
/// value it captured must have been dropped. Waiting for the thread to finish
/// before returning to the owner of the borrowed data does that; a
/// destructor that waits does it only if it runs.
pub unsafe fn spawn_unchecked<'a>(work: Work<'a>) -> io::Result<JoinHandle<()>> {
    // SAFETY: the two types differ only in the lifetime bound of the trait
    // object, so they have the same layout and vtable. The lifetime itself is
    // the caller's promise: the thread stops using `'a` data before `'a` ends.
    let work: Work<'static> = unsafe { std::mem::transmute::<Work<'a>, Work<'static>>(work) };
    Builder::new().spawn(work)
}
// ANCHOR_END: spawn_unchecked

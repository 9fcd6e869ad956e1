//! Helpers the lab's thread models share.

use lab8::MyArc;
use lab8::sync::{AtomicBool, Ordering, thread};
use std::sync::Arc;

// ANCHOR: reader_drops_first
/// Spawns a thread that reads `handle` (it must still show 42), drops it
/// and then raises a flag, and returns once the flag is up. The flag is
/// `Relaxed`, so it orders nothing: only the handle's own decrement can
/// order that read before what this thread does next. The reader hands its
/// `Arc` of the flag back through `join` rather than dropping it: whichever
/// thread dropped the flag's last `Arc` would run an Acquire fence, and that
/// fence would order the read for a `MyArc` that does not.
pub fn reader_drops_first<T>(handle: MyArc<T>, read: fn(&T) -> u64) -> thread::JoinHandle<Arc<AtomicBool>>
where
    T: Send + Sync + 'static,
{
    let done = Arc::new(AtomicBool::new(false));
    let flag = done.clone();
    let reader = thread::spawn(move || {
        assert_eq!(read(&handle), 42);
        drop(handle);
        flag.store(true, Ordering::Relaxed);
        flag
    });
    while !done.load(Ordering::Relaxed) {
        thread::yield_now();
    }
    reader
}
// ANCHOR_END: reader_drops_first

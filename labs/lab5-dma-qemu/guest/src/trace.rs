//! A record of what the driver asked of the device, kept by the given code:
//! `fence::before_start` and `fence::after_finish`, `Edu::start_dma` and
//! every `Edu::is_busy` append an event. QEMU's CPU never reorders memory
//! and its DMA is coherent, so a missing or misplaced fence changes nothing
//! a test can see in memory; this record is how the tests check that the
//! driver issues each fence where it belongs. It shows that the given fence
//! functions ran, in which order with the start and the polls, not that
//! the hardware would then be ordered (that is the fences' own job, and
//! the book's), and a fence the driver writes itself with `asm!` is not
//! in it.

use core::fmt;
use core::sync::atomic::{AtomicU8, AtomicUsize, Ordering::Relaxed};

/// One thing the driver did, as the record spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Event {
    /// `fence::before_start()` ran.
    FenceBeforeStart = b'B',
    /// `Edu::start_dma` wrote the command register: the device is running.
    Start = b'S',
    /// `Edu::is_busy` read the command register and said "busy".
    Busy = b'w',
    /// `Edu::is_busy` read the command register and said "done".
    Done = b'D',
    /// `fence::after_finish()` ran.
    FenceAfterFinish = b'A',
}

/// How many events the record keeps; repeated polls with the same answer
/// count once, so a transfer needs a handful.
const CAPACITY: usize = 48;
/// Stands for the events that did not fit.
const MORE: u8 = b'+';

static LOG: [AtomicU8; CAPACITY] = [const { AtomicU8::new(0) }; CAPACITY];
static LEN: AtomicUsize = AtomicUsize::new(0);

/// Appends `event`, unless it is a poll with the same answer as the event
/// before it. One hart, no interrupts: relaxed atomics are only a safe way
/// to keep statics. Always inlined, and nothing here can panic or call
/// out, so a function that polls stays a leaf with the stack frame it had
/// before the record existed (the book's `forgotten` program shows where
/// its frames land).
#[inline(always)]
pub fn record(event: Event) {
    let len = LEN.load(Relaxed);
    let last = len.checked_sub(1).and_then(|at| LOG.get(at)).map(|slot| slot.load(Relaxed));
    if matches!(event, Event::Busy | Event::Done) && last == Some(event as u8) {
        return;
    }
    match LOG.get(len) {
        Some(slot) => {
            slot.store(event as u8, Relaxed);
            LEN.store(len + 1, Relaxed);
        }
        None => LOG[CAPACITY - 1].store(MORE, Relaxed),
    }
}

/// Forgets every event so far.
pub fn clear() {
    LEN.store(0, Relaxed);
}

/// The events since the last [`clear`], as letters: `B` before-start
/// fence, `S` start, `w` busy, `D` done, `A` after-finish fence (`+`: more
/// than fit). Empty prints as `-`.
pub fn take() -> Log {
    let len = LEN.load(Relaxed);
    let mut log = Log { bytes: [0; CAPACITY], len };
    for (byte, slot) in log.bytes.iter_mut().zip(&LOG[..len]) {
        *byte = slot.load(Relaxed);
    }
    clear();
    log
}

/// A copy of the record, printable.
pub struct Log {
    bytes: [u8; CAPACITY],
    len: usize,
}

impl fmt::Display for Log {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.len == 0 {
            return f.write_str("-");
        }
        for &byte in &self.bytes[..self.len] {
            fmt::Write::write_char(f, char::from(byte))?;
        }
        Ok(())
    }
}

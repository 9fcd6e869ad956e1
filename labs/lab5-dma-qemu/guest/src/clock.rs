//! Emulated time: the `virt` machine's ACLINT timer, whose `mtime` counts at
//! 10 MHz. Under `-icount` it follows the instructions executed, as the
//! timer that finishes `edu`'s DMA does, so the two agree to the tick.

/// `mtime`, 64 bits, in the ACLINT's machine timer on `virt`.
const MTIME: usize = 0x0200_bff8;
/// `mtime` ticks per microsecond (`virt`'s timebase is 10 MHz).
const TICKS_PER_US: u64 = 10;

/// Emulated microseconds since the machine started.
pub fn now_us() -> u64 {
    // SAFETY: MTIME is the ACLINT's mtime register on the virt machine; a
    // 64-bit volatile read has no side effects and touches no Rust memory.
    let ticks = unsafe { core::ptr::read_volatile(MTIME as *const u64) };
    ticks / TICKS_PER_US
}

/// Spins until `us` emulated microseconds have passed since `since_us`.
pub fn wait_until(since_us: u64, us: u64) {
    while now_us() < since_us + us {
        core::hint::spin_loop();
    }
}

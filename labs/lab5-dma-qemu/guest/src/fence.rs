//! The two hardware fences a DMA transfer needs on RISC-V. Each is also a
//! compiler fence: an `asm!` block without `nomem` may read and write any
//! memory, so the compiler keeps memory accesses on their side of it.
//! Each also appends itself to [`crate::trace`], which is how the lab's
//! tests see it: QEMU never reorders, so no memory shows a missing one.

/// Before starting the device: every earlier memory read and write (`rw`)
/// happens before any later device output (`o`), the write that starts it.
/// Linux's `writel` does the same (`fence w,o`; here reads too, so the
/// device never overwrites what the program is still reading).
#[inline(always)]
pub fn before_start() {
    crate::trace::record(crate::trace::Event::FenceBeforeStart);
    // SAFETY: a fence instruction only orders accesses.
    unsafe { core::arch::asm!("fence rw, o", options(nostack, preserves_flags)) };
}

/// After seeing the device finish: the device input (`i`, the status read
/// that said "done") happens before every later memory read and write
/// (`rw`), so the program reads the bytes the device wrote, not stale ones.
#[inline(always)]
pub fn after_finish() {
    // SAFETY: a fence instruction only orders accesses.
    unsafe { core::arch::asm!("fence i, rw", options(nostack, preserves_flags)) };
    crate::trace::record(crate::trace::Event::FenceAfterFinish);
}

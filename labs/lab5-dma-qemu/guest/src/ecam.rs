//! PCI configuration space through ECAM: on `virt`, bus 0's configuration
//! space is memory-mapped at 0x3000_0000, 32 KiB per device slot.

/// Where bus 0's configuration space starts.
pub const ECAM: usize = 0x3000_0000;
/// Where the PCIe host bridge's 32-bit memory window starts: BARs are
/// assigned addresses here.
pub const MMIO_WINDOW: usize = 0x4000_0000;
/// Device slots on one bus.
pub const SLOTS: usize = 32;

/// Register offsets in a configuration header.
pub mod reg {
    /// Vendor ID (low 16 bits) and device ID (high 16 bits).
    pub const ID: usize = 0x00;
    /// Command (low 16 bits) and status (high 16 bits).
    pub const COMMAND: usize = 0x04;
    /// Base address register 0.
    pub const BAR0: usize = 0x10;
}

/// Bits of the command register.
pub mod command {
    /// The device answers accesses to its memory BARs.
    pub const MEMORY_SPACE: u32 = 1 << 1;
    /// The device may start DMA: read and write memory on its own.
    pub const BUS_MASTER: u32 = 1 << 2;
}

fn address(slot: usize, offset: usize) -> usize {
    assert!(slot < SLOTS && offset < 0x1000 && offset.is_multiple_of(4), "bad config access");
    ECAM | (slot << 15) | offset
}

/// Reads a 32-bit configuration register of device `slot` on bus 0
/// (function 0). An empty slot reads as `0xffff_ffff`.
pub fn read32(slot: usize, offset: usize) -> u32 {
    // SAFETY: address() stays inside bus 0's ECAM region, which is device
    // memory on virt; a 32-bit volatile read touches no Rust memory.
    unsafe { core::ptr::read_volatile(address(slot, offset) as *const u32) }
}

/// Writes a 32-bit configuration register of device `slot` on bus 0.
///
/// # Safety
///
/// Configuration writes move a device's registers and let it reach memory:
/// the caller must not map a BAR over anything in use, and must not enable
/// bus mastering for a device that may write memory Rust code owns.
pub unsafe fn write32(slot: usize, offset: usize, value: u32) {
    // SAFETY: as in read32; the caller answers for the write's effect.
    unsafe { core::ptr::write_volatile(address(slot, offset) as *mut u32, value) }
}

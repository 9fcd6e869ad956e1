//! Wrong: find_edu compares the ID register with 0x1234_11e8, but the register holds the device ID in its high half and the vendor ID in its low half (0x11e8_1234), so the device is never found; not unsound.
//! Caught by: ex1_pci::finds_edu_and_its_registers_answer

use crate::ecam::{self, command, reg};
use crate::edu::Edu;

/// edu is 1234:11e8.
const EDU_ID: u32 = 0x1234_11e8;

/// Finds `edu` on bus 0, maps its BAR0 at the start of the MMIO window and
/// enables memory space (its registers answer) and bus mastering (it may
/// start DMA). `None` if QEMU was started without `-device edu`.
pub fn find_edu() -> Option<Edu> {
    let slot = (0..ecam::SLOTS).find(|&slot| ecam::read32(slot, reg::ID) == EDU_ID)?;
    let old = ecam::read32(slot, reg::COMMAND) & 0xffff;
    // SAFETY: nothing else is mapped in the MMIO window.
    unsafe { ecam::write32(slot, reg::BAR0, ecam::MMIO_WINDOW as u32) };
    // SAFETY: edu's DMA engine stays idle until an `Edu` method starts it.
    unsafe { ecam::write32(slot, reg::COMMAND, old | command::MEMORY_SPACE | command::BUS_MASTER) };
    // SAFETY: BAR0 now decodes at MMIO_WINDOW with memory space on, and this
    // is the only `Edu` the program makes.
    Some(unsafe { Edu::new(ecam::MMIO_WINDOW) })
}

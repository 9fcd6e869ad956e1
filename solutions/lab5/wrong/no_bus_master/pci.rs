//! Wrong: find_edu enables memory space but not bus mastering, so the registers answer but the device's DMA never reaches memory; not unsound.
//! Caught by: ex1_pci::dma_reaches_memory

use crate::ecam::{self, command, reg};
use crate::edu::{self, Edu};

/// Finds `edu` on bus 0, maps its BAR0 at the start of the MMIO window and
/// enables memory space (its registers answer) and bus mastering (it may
/// start DMA). `None` if QEMU was started without `-device edu`.
pub fn find_edu() -> Option<Edu> {
    let slot = (0..ecam::SLOTS).find(|&slot| ecam::read32(slot, reg::ID) == edu::PCI_ID)?;
    let old = ecam::read32(slot, reg::COMMAND) & 0xffff;
    // SAFETY: nothing else is mapped in the MMIO window.
    unsafe { ecam::write32(slot, reg::BAR0, ecam::MMIO_WINDOW as u32) };
    // SAFETY: edu's DMA engine stays idle until an `Edu` method starts it.
    unsafe { ecam::write32(slot, reg::COMMAND, old | command::MEMORY_SPACE) };
    // SAFETY: BAR0 now decodes at MMIO_WINDOW with memory space on, and this
    // is the only `Edu` the program makes.
    Some(unsafe { Edu::new(ecam::MMIO_WINDOW) })
}

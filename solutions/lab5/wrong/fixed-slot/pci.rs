//! Wrong: find_edu does not scan: it takes slot 1, where QEMU puts the first `-device` after the host bridge, so it maps another card's BAR when edu sits elsewhere and returns a device when there is none; not unsound on this machine, but it drives whatever is in slot 1.
//! Caught by: ex1_pci::finds_edu_behind_a_decoy_in_the_last_slot
//! Caught by: ex1_pci::no_edu_no_device

use crate::ecam::{self, command, reg};
use crate::edu::Edu;

/// `lspci` in a guest shows edu at 00:01.0.
const EDU_SLOT: usize = 1;

/// Finds `edu` on bus 0, maps its BAR0 at the start of the MMIO window and
/// enables memory space (its registers answer) and bus mastering (it may
/// start DMA). `None` if QEMU was started without `-device edu`.
pub fn find_edu() -> Option<Edu> {
    let slot = EDU_SLOT;
    let old = ecam::read32(slot, reg::COMMAND) & 0xffff;
    // SAFETY: nothing else is mapped in the MMIO window.
    unsafe { ecam::write32(slot, reg::BAR0, ecam::MMIO_WINDOW as u32) };
    // SAFETY: edu's DMA engine stays idle until an `Edu` method starts it.
    unsafe { ecam::write32(slot, reg::COMMAND, old | command::MEMORY_SPACE | command::BUS_MASTER) };
    // SAFETY: BAR0 now decodes at MMIO_WINDOW with memory space on, and this
    // is the only `Edu` the program makes.
    Some(unsafe { Edu::new(ecam::MMIO_WINDOW) })
}

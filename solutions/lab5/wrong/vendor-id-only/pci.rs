//! Wrong: find_edu matches the vendor ID alone (the ID register's low half, 0x1234) and takes the first device from QEMU's vendor, which on a bus with a display adapter (1234:1111) before edu is the wrong card: its BAR is mapped and its bus mastering enabled; not unsound on this machine, but it drives a device that is not edu.
//! Caught by: ex1_pci::finds_edu_behind_a_decoy_in_the_last_slot
//! Caught by: ex1_pci::no_edu_no_device

use crate::ecam::{self, command, reg};
use crate::edu::Edu;

/// QEMU's PCI vendor ID: edu's, in the ID register's low half.
const QEMU_VENDOR: u32 = 0x1234;

/// Finds `edu` on bus 0, maps its BAR0 at the start of the MMIO window and
/// enables memory space (its registers answer) and bus mastering (it may
/// start DMA). `None` if QEMU was started without `-device edu`.
pub fn find_edu() -> Option<Edu> {
    let slot = (0..ecam::SLOTS).find(|&slot| ecam::read32(slot, reg::ID) & 0xffff == QEMU_VENDOR)?;
    let old = ecam::read32(slot, reg::COMMAND) & 0xffff;
    // SAFETY: nothing else is mapped in the MMIO window.
    unsafe { ecam::write32(slot, reg::BAR0, ecam::MMIO_WINDOW as u32) };
    // SAFETY: edu's DMA engine stays idle until an `Edu` method starts it.
    unsafe { ecam::write32(slot, reg::COMMAND, old | command::MEMORY_SPACE | command::BUS_MASTER) };
    // SAFETY: BAR0 now decodes at MMIO_WINDOW with memory space on, and this
    // is the only `Edu` the program makes.
    Some(unsafe { Edu::new(ecam::MMIO_WINDOW) })
}

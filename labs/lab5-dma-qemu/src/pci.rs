//! Lab 5, exercise 1: find QEMU's `edu` device on the PCIe bus, give its
//! BAR0 an address and let it answer and reach memory.

#[allow(unused_imports)]
use crate::ecam::{self, command, reg};
use crate::edu::Edu;

/// Finds `edu` on bus 0 and returns the one [`Edu`] the program will have,
/// or `None` if no slot holds it (QEMU was started without `-device edu`).
///
/// When it returns `Some`, the device is `edu` itself, wherever it sits on
/// the bus and whatever else shares its vendor; its BAR0 decodes at
/// [`ecam::MMIO_WINDOW`], where nothing else lives; it answers there
/// (memory space) and may start DMA (bus mastering); and every other bit
/// of its command register is as QEMU left it. `Edu::new`'s contract is
/// true before the `Edu` is made, and no other device is written to.
pub fn find_edu() -> Option<Edu> {
    todo!(
        "lab5 exercise 1: the one Edu, its registers answering and DMA allowed, or None (book: ch. 3, Finding the device)"
    )
}

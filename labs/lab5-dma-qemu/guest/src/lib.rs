//! Lab 5's guest library: start-up, console, clock and exit on QEMU's
//! `virt` machine (given), the `edu` device's registers and the record of
//! what a driver did with them (given), and the student's
//! three files, compiled from `labs/lab5-dma-qemu/src/` or, with the
//! `solution` feature, from `solutions/lab5/`.
#![no_std]

pub mod clock;
pub mod ecam;
pub mod edu;
pub mod fence;
pub mod rt;
pub mod trace;
pub mod uart;

/// Exercise 1: find `edu` on the PCIe bus and let it reach memory.
#[cfg_attr(feature = "solution", path = "../../../../solutions/lab5/pci.rs")]
#[cfg_attr(not(feature = "solution"), path = "../../src/pci.rs")]
pub mod pci;

/// Exercises 2 and 3: a DMA transfer that owns its buffer.
#[cfg_attr(feature = "solution", path = "../../../../solutions/lab5/transfer.rs")]
#[cfg_attr(not(feature = "solution"), path = "../../src/transfer.rs")]
pub mod transfer;

/// Exercise 4 (stretch): DMA into a buffer lent for the length of one call.
#[cfg_attr(feature = "solution", path = "../../../../solutions/lab5/scoped.rs")]
#[cfg_attr(not(feature = "solution"), path = "../../src/scoped.rs")]
pub mod scoped;

//! QEMU's `edu` teaching device (PCI 1234:11e8): its registers in BAR0 and
//! its DMA engine, which copies between memory and a 4 KiB buffer inside the
//! device at device address 0x40000, about 100 ms of emulated time after it
//! is started.

/// `edu`'s vendor and device ID as the ID register reads: device in the
/// high half, vendor in the low half.
pub const PCI_ID: u32 = 0x11e8_1234;
/// The size of the device's own buffer.
pub const BUFFER_LEN: usize = 4096;
/// The most one transfer may copy, and where the last one may end. Before
/// QEMU 8.2.1 (Debian 12's 7.2 among them) the range check
/// (`edu_check_range` in `hw/misc/edu.c`) wants the transfer to end
/// strictly before the buffer's end, so the last byte is never reached
/// and a 4096-byte transfer stops QEMU with "DMA range ... out of bounds".
/// QEMU 8.2.1 and 9.0 ("edu: fix DMA range upper bound check") take 4096
/// bytes; this limit is the older one, so the lab runs the same on both.
pub const MAX_TRANSFER: usize = BUFFER_LEN - 1;
/// The device's buffer as the DMA engine addresses it.
const BUFFER_ADDRESS: u64 = 0x4_0000;

/// Register offsets in BAR0. Those from 0x80 on must be accessed 8 bytes wide.
mod reg {
    pub const ID: usize = 0x00;
    pub const LIVENESS: usize = 0x04;
    pub const DMA_SOURCE: usize = 0x80;
    pub const DMA_DESTINATION: usize = 0x88;
    pub const DMA_COUNT: usize = 0x90;
    pub const DMA_COMMAND: usize = 0x98;
}
/// Command bits: start, and the direction (set: device to memory).
const START: u64 = 1;
const TO_MEMORY: u64 = 2;

/// Which way a DMA transfer copies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// From memory into the device's buffer: the device reads memory.
    ToDevice,
    /// From the device's buffer into memory: the device writes memory.
    ToMemory,
}

/// The `edu` device, its BAR0 mapped and bus mastering on. There is one;
/// whoever holds this value may start DMA.
#[derive(Debug)]
pub struct Edu {
    base: usize,
}

impl Edu {
    /// The device whose BAR0 is mapped at `base`.
    ///
    /// # Safety
    ///
    /// `base` is `edu`'s BAR0, with memory space enabled, and no other
    /// `Edu` exists.
    pub unsafe fn new(base: usize) -> Edu {
        Edu { base }
    }

    fn read32(&self, offset: usize) -> u32 {
        // SAFETY: `new`'s contract: base..base + 0x100 are edu's registers.
        unsafe { core::ptr::read_volatile((self.base + offset) as *const u32) }
    }

    fn write32(&mut self, offset: usize, value: u32) {
        // SAFETY: as in read32; the 32-bit registers have no DMA effects.
        unsafe { core::ptr::write_volatile((self.base + offset) as *mut u32, value) }
    }

    fn read64(&self, offset: usize) -> u64 {
        // SAFETY: as in read32.
        unsafe { core::ptr::read_volatile((self.base + offset) as *const u64) }
    }

    /// Writes a DMA register. Unsafe: the command register starts DMA.
    unsafe fn write64(&mut self, offset: usize, value: u64) {
        // SAFETY: as in read32; the caller answers for starting DMA.
        unsafe { core::ptr::write_volatile((self.base + offset) as *mut u64, value) }
    }

    /// The identification register: `0x010000ed` for edu version 1.0.
    pub fn id(&self) -> u32 {
        self.read32(reg::ID)
    }

    /// Writes `value` to the liveness register and reads back its bitwise
    /// complement, as the device computes it.
    pub fn liveness(&mut self, value: u32) -> u32 {
        self.write32(reg::LIVENESS, value);
        self.read32(reg::LIVENESS)
    }

    /// Whether a DMA transfer is still running (a volatile read of the
    /// command register; no fence). Each call is recorded in
    /// [`crate::trace`]. Always inlined, as it was before it recorded,
    /// so that the stack frames of `forgotten` stay where the book says.
    #[inline(always)]
    pub fn is_busy(&self) -> bool {
        let busy = self.running();
        crate::trace::record(if busy { crate::trace::Event::Busy } else { crate::trace::Event::Done });
        busy
    }

    /// The command register's start bit, not recorded.
    fn running(&self) -> bool {
        self.read64(reg::DMA_COMMAND) & START != 0
    }

    /// Starts copying `len` bytes between memory at `address` and the
    /// device's buffer at `offset`, and returns at once: the device does the
    /// copy about 100 ms of emulated time later. No fence: see
    /// [`crate::fence`]. The start is recorded in [`crate::trace`].
    ///
    /// # Safety
    ///
    /// `address..address + len` must stay valid for the device to read
    /// (`ToDevice`) or to write (`ToMemory`), and must not be accessed by
    /// the program (`ToMemory`) or written by it (`ToDevice`), until
    /// [`Edu::is_busy`] has returned `false`.
    pub unsafe fn start_dma(&mut self, address: usize, offset: usize, len: usize, direction: Direction) {
        assert!(!self.running(), "edu: a DMA transfer is already running");
        assert!(
            offset + len <= MAX_TRANSFER,
            "edu: {len} bytes at offset {offset} do not fit the device's buffer (at most {MAX_TRANSFER} bytes)"
        );
        let memory = address as u64;
        let device = BUFFER_ADDRESS + offset as u64;
        let (source, destination, command) = match direction {
            Direction::ToDevice => (memory, device, START),
            Direction::ToMemory => (device, memory, START | TO_MEMORY),
        };
        // SAFETY: the caller keeps the memory valid until the
        // device is done; only the command register starts anything.
        unsafe { self.write64(reg::DMA_SOURCE, source) };
        // SAFETY: as above.
        unsafe { self.write64(reg::DMA_DESTINATION, destination) };
        // SAFETY: as above.
        unsafe { self.write64(reg::DMA_COUNT, len as u64) };
        // SAFETY: as above; this write starts the transfer.
        unsafe { self.write64(reg::DMA_COMMAND, command) };
        crate::trace::record(crate::trace::Event::Start);
    }
}

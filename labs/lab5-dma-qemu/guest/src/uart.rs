//! The console: the 16550 UART at 0x1000_0000, which QEMU connects to its
//! standard output (`-serial stdio`).

use core::fmt;

/// The UART's transmit register; line status is 5 bytes further.
const UART: usize = 0x1000_0000;
/// Line status bit: the transmitter can take another byte.
const READY: u8 = 0x20;

/// Writes text to the console, byte by byte.
pub struct Uart;

impl fmt::Write for Uart {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for byte in s.bytes() {
            // SAFETY: UART + 5 is the 16550's line status register on the
            // virt machine; a byte-wide volatile read touches no Rust memory.
            while unsafe { core::ptr::read_volatile((UART + 5) as *const u8) } & READY == 0 {}
            // SAFETY: UART is its transmit register; as above.
            unsafe { core::ptr::write_volatile(UART as *mut u8, byte) };
        }
        Ok(())
    }
}

/// `println!` for the guest: formats a line onto the UART.
#[macro_export]
macro_rules! println {
    ($($arg:tt)*) => {{
        use core::fmt::Write as _;
        let _ = writeln!($crate::uart::Uart, $($arg)*);
    }};
}

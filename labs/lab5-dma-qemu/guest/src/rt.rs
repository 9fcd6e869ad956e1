//! Start-up, traps, panics and exit: what runs before and after a program's
//! `main` on QEMU's `virt` machine with `-bios none` (machine mode, one hart).

use crate::println;

core::arch::global_asm!(
    r#"
    .section .text.entry, "ax"
    .globl _start
_start:
    la   sp, __stack_top
    la   t0, _trap
    csrw mtvec, t0
    la   t0, __bss_start
    la   t1, __bss_end
1:  bgeu t0, t1, 2f
    sd   zero, 0(t0)
    addi t0, t0, 8
    j    1b
2:  call lab5_main
3:  wfi
    j    3b

    .align 4
_trap:
    csrw mscratch, ra
    la   sp, __stack_top
    call lab5_trap
"#
);

/// The `sifive_test` device: a 32-bit write ends QEMU.
const TEST_DEVICE: usize = 0x0010_0000;

/// Ends QEMU with exit status `code` (0 is success).
pub fn exit(code: u16) -> ! {
    let value = if code == 0 { 0x5555 } else { (u32::from(code) << 16) | 0x3333 };
    // SAFETY: TEST_DEVICE is sifive_test's register on the virt machine; a
    // 32-bit volatile write is how it is used, and it touches no Rust memory.
    unsafe { core::ptr::write_volatile(TEST_DEVICE as *mut u32, value) };
    loop {
        core::hint::spin_loop();
    }
}

/// Exit status of a program that panicked (a stub's `todo!`, a failed assertion).
pub const EXIT_PANIC: u16 = 1;
/// Exit status of a program that took a trap (a bad address, say).
pub const EXIT_TRAP: u16 = 4;

#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    println!("PANIC: {info}");
    exit(EXIT_PANIC)
}

/// Every trap lands here. Without it a fault would jump to address 0 and
/// QEMU would spin until the test's timeout.
#[unsafe(no_mangle)]
extern "C" fn lab5_trap() -> ! {
    let (cause, pc, value, ra): (usize, usize, usize, usize);
    // SAFETY: reading four machine-mode CSRs has no side effects; mscratch
    // holds the trapped code's `ra`, saved by `_trap`.
    unsafe {
        core::arch::asm!("csrr {0}, mcause", "csrr {1}, mepc", "csrr {2}, mtval", "csrr {3}, mscratch",
            out(reg) cause, out(reg) pc, out(reg) value, out(reg) ra)
    };
    println!("TRAP: {} mcause={cause:#x} mepc={pc:#x} mtval={value:#x} ra={ra:#x}", cause_name(cause));
    exit(EXIT_TRAP)
}

/// What a machine-mode trap's `mcause` means (the RISC-V privileged spec's
/// table of exception codes).
fn cause_name(cause: usize) -> &'static str {
    if cause >> (usize::BITS - 1) == 1 {
        return "interrupt";
    }
    match cause {
        0 => "instruction address misaligned",
        1 => "instruction access fault",
        2 => "illegal instruction",
        3 => "breakpoint",
        4 => "load address misaligned",
        5 => "load access fault",
        6 => "store address misaligned",
        7 => "store access fault",
        8..=11 => "environment call",
        12 => "instruction page fault",
        13 => "load page fault",
        15 => "store page fault",
        _ => "unknown cause",
    }
}

/// Defines the program's entry: `entry!(main)` runs `main()` and then exits
/// QEMU with status 0.
#[macro_export]
macro_rules! entry {
    ($main:path) => {
        #[unsafe(no_mangle)]
        extern "C" fn lab5_main() -> ! {
            $main();
            $crate::rt::exit(0)
        }
    };
}

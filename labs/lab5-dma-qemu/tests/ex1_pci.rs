//! Exercise 1: `pci::find_edu` finds the device, its registers answer, and
//! it can reach memory (bus mastering), checked on QEMU by the guest
//! program `probe`: on the usual machine (edu in slot 1, the first after
//! the host bridge), with edu in the last slot behind another card from
//! the same vendor, and without edu.

/// A card from QEMU's own vendor, 1234 (its display adapter, 1234:1111),
/// in slot 1, where edu usually is. Its BAR0 is a frame buffer: through
/// it, the ID register reads 0.
const DECOY: &str = "bochs-display,addr=0x1";
/// edu in slot 31, the last one a scan of bus 0 reaches.
const EDU_IN_THE_LAST_SLOT: &str = "edu,addr=0x1f,dma_mask=0xffffffffffffffff";

#[test]
fn finds_edu_and_its_registers_answer() {
    let run = lab5::run_guest("probe");
    let probe = run.expect_report("probe");
    assert_eq!(
        probe.get("found").map(String::as_str),
        Some("true"),
        "find_edu returned None\n{}",
        run.stdout
    );
    assert_eq!(
        probe.get("id").map(String::as_str),
        Some("0x010000ed"),
        "BAR0's ID register does not read as edu's: is BAR0 mapped at the MMIO window, with memory space on?"
    );
    assert_eq!(
        probe.get("liveness").map(String::as_str),
        Some("0xedcba987"),
        "edu's liveness register did not answer ~0x12345678"
    );
    // QEMU starts edu with every command bit clear; find_edu turns on two.
    assert_eq!(
        probe.get("command").map(String::as_str),
        Some("0x0006"),
        "after find_edu, edu's command register must have memory space (bit 1) and bus mastering \
         (bit 2) on and every other bit as it was (off): set those two bits in the value you read, \
         and write back only the command half (the upper 16 bits are the status register)"
    );
}

#[test]
fn dma_reaches_memory() {
    let run = lab5::run_guest("probe");
    let dma = run.expect_report("dma");
    assert_eq!(
        dma.get("tried").map(String::as_str),
        Some("true"),
        "no DMA tried: the registers at BAR0 are not edu's (see finds_edu_and_its_registers_answer)\n{}",
        run.stdout
    );
    assert_eq!(
        dma.get("equal").map(String::as_str),
        Some("true"),
        "256 bytes copied RAM -> device -> RAM did not come back: is bus mastering on (command register bit 2)?\n{}",
        run.stdout
    );
}

/// The whole bus is scanned, and the whole ID register compared: a scan
/// that stops early, a fixed slot, or a match on the vendor alone picks the
/// display adapter in slot 1 or nothing.
#[test]
fn finds_edu_behind_a_decoy_in_the_last_slot() {
    let run = lab5::run_guest_with("probe", &[DECOY, EDU_IN_THE_LAST_SLOT]);
    let probe = run.expect_report("probe");
    assert_eq!(
        probe.get("found").map(String::as_str),
        Some("true"),
        "find_edu returned None with edu in slot 31 (bus 0 has slots 0 to 31)\n{}",
        run.stdout
    );
    assert_eq!(
        probe.get("id").map(String::as_str),
        Some("0x010000ed"),
        "with a 1234:1111 display adapter in slot 1 and edu (1234:11e8) in slot 31, the registers find_edu mapped are not edu's: compare the whole ID register (device in the high half, vendor in the low), and scan every slot\n{}",
        run.stdout
    );
    let dma = run.expect_report("dma");
    assert_eq!(
        dma.get("equal").map(String::as_str),
        Some("true"),
        "edu in slot 31 answers, but 256 bytes copied RAM -> device -> RAM did not come back: bus mastering on the slot you found?\n{}",
        run.stdout
    );
}

/// Without edu (another card in its usual slot), `find_edu` says `None`.
#[test]
fn no_edu_no_device() {
    let run = lab5::run_guest_with("probe", &[DECOY]);
    let probe = run.expect_report("probe");
    assert_eq!(
        probe.get("found").map(String::as_str),
        Some("false"),
        "QEMU had no edu (only a 1234:1111 display adapter in slot 1), yet find_edu returned a device: it must find edu's ID (0x11e8_1234) or return None\n{}",
        run.stdout
    );
}

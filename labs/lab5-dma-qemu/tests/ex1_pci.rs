//! Exercise 1: `pci::find_edu` finds the device, its registers answer, and
//! it can reach memory (bus mastering), checked on QEMU by the guest
//! program `probe`.

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
}

#[test]
fn dma_reaches_memory() {
    let run = lab5::run_guest("probe");
    let dma = run.expect_report("dma");
    assert_eq!(
        dma.get("equal").map(String::as_str),
        Some("true"),
        "256 bytes copied RAM -> device -> RAM did not come back: is bus mastering on (command register bit 2)?\n{}",
        run.stdout
    );
}

//! Exercise 2: `Transfer` copies RAM -> device -> RAM for several sizes and
//! offsets (guest program `integrity`), each direction puts or takes the
//! device's bytes exactly at its offset, as the given raw DMA sees them
//! (`offsets`), a buffer that does not fit is refused (`oversize_*`),
//! `is_done` follows the device, each start and wait issues its fence
//! (`fences`), and a buffer on the stack or a shared one for the device
//! to write is refused at compile time.
//!
//! QEMU cannot show a missing fence: its CPU does not reorder and its DMA
//! is coherent, so memory looks the same with or without one. The fence
//! tests read the record the given code keeps (`guest/src/trace.rs`) of
//! the given fences, the start and the polls. That proves the driver calls
//! `fence::before_start` before the start and `fence::after_finish` after
//! a poll said done, which is where the book puts them; it does not prove
//! the hardware ordering, and a fence written by hand with `asm!` is not
//! in the record.

#[test]
fn round_trip_sizes_and_offsets() {
    let run = lab5::run_guest("integrity");
    let cases = run.expect_reports("case", 7);
    for case in &cases {
        assert_eq!(
            case.get("equal").map(String::as_str),
            Some("true"),
            "{} bytes at device offset {} did not come back equal: does wait() return before the device is done?\n{}",
            case["size"],
            case["offset"],
            run.stdout
        );
    }
}

#[test]
fn is_done_follows_the_device() {
    let run = lab5::run_guest("integrity");
    let is_done = run.expect_report("is_done");
    assert_eq!(
        is_done.get("right_after_start").map(String::as_str),
        Some("false"),
        "is_done() said true right after the start; the device takes about 100 ms (emulated)"
    );
    assert_eq!(
        is_done.get("after").map(String::as_str),
        Some("true"),
        "the device was still busy after wait()"
    );
}

/// A transfer into a local array must not compile (E0597: the borrow
/// would have to be `'static`). First the guest must work at all, so that
/// this test does not pass on an unwritten `Transfer`.
#[test]
fn non_static_buffer_rejected() {
    let (shown, out) = check_example("non_static");
    assert!(
        !out.status.success(),
        "`{shown}` compiled: Transfer accepted a buffer on the stack, which a forgotten transfer would let the device write after the frame is gone"
    );
    assert!(
        out.stderr.contains("error[E0597]"),
        "`{shown}` failed, but not with E0597 (`on_the_stack` does not live long enough):\n{}",
        out.stderr
    );
}

/// A device -> RAM transfer into a shared `&'static [u8]` must not compile
/// (E0277: `to_memory` wants a `WriteBuffer`, which needs `DerefMut`): the
/// device would write bytes the program only shares, a static in
/// read-only data here.
#[test]
fn to_memory_refuses_a_shared_buffer() {
    let (shown, out) = check_example("shared_target");
    assert!(
        !out.status.success(),
        "`{shown}` compiled: to_memory accepted a shared `&'static [u8]`, so the device would write bytes the program only shares (a string literal, say): bound it by `WriteBuffer<Word = u8>`"
    );
    assert!(
        out.stderr.contains("error[E0277]"),
        "`{shown}` failed, but not with E0277 (`&[u8; 64]` is not a `WriteBuffer`):\n{}",
        out.stderr
    );
}

/// `cargo check` of guest example `name`, after a successful run of
/// `integrity`: the compile check alone would pass on an unwritten
/// `Transfer`, whose signatures are final.
fn check_example(name: &str) -> (String, lab5::Output) {
    let run = lab5::run_guest("integrity");
    if !run.status.success() {
        run.fail("a successful run before the compile check");
    }
    lab5::cargo_on_guest(&["check", "--example", name, "--message-format=short"])
        .unwrap_or_else(|e| lab5::fail(e))
}

/// `to_memory` into a buffer with 16 guard bytes after it, for three
/// (offset, length) pairs, after the given raw DMA filled the device's
/// buffer with a pattern that any shift changes: the buffer must hold the
/// device's bytes from exactly that offset, and the guard stay.
#[test]
fn to_memory_reads_from_the_offset() {
    let run = lab5::run_guest("offsets");
    let cases = run.expect_reports("to_memory", 3);
    for case in &cases {
        let (offset, len) = (&case["offset"], &case["len"]);
        assert_eq!(
            case.get("wrong").map(String::as_str),
            Some("0"),
            "to_memory of {len} bytes from device offset {offset}: {} bytes differ from what the device's buffer holds there (first at buffer index {}: got {}, the device had {}); does the device read from `offset`, and copy device -> RAM?\n{}",
            case["wrong"],
            case.get("first_wrong").map_or("?", String::as_str),
            case.get("got").map_or("?", String::as_str),
            case.get("device_had").map_or("?", String::as_str),
            run.stdout
        );
        assert_eq!(
            case.get("guard_intact").map(String::as_str),
            Some("true"),
            "to_memory of {len} bytes from device offset {offset} wrote past the end of its buffer\n{}",
            run.stdout
        );
    }
}

/// `to_device` of a pattern for three (offset, length) pairs, into a device
/// buffer the given raw DMA filled with another; the given raw DMA then
/// reads the whole device buffer back. The bytes must be exactly at the
/// offset, the rest unchanged, and `to_device`'s own buffer untouched (the
/// device only reads it).
#[test]
fn to_device_writes_at_the_offset() {
    let run = lab5::run_guest("offsets");
    let cases = run.expect_reports("to_device", 3);
    for case in &cases {
        let (offset, len) = (&case["offset"], &case["len"]);
        assert_eq!(
            case.get("source_changed").map(String::as_str),
            Some("0"),
            "to_device of {len} bytes at device offset {offset} changed {} bytes of its own buffer: the device wrote memory it should only read (a device -> RAM transfer?)\n{}",
            case["source_changed"],
            run.stdout
        );
        assert_eq!(
            case.get("misplaced").map(String::as_str),
            Some("0"),
            "to_device of {len} bytes at device offset {offset}: {} of them are not at that offset in the device's buffer, read back whole by the given raw DMA; does the device write at `offset`, and copy RAM -> device?\n{}",
            case["misplaced"],
            run.stdout
        );
        assert_eq!(
            case.get("outside_changed").map(String::as_str),
            Some("0"),
            "to_device of {len} bytes at device offset {offset} changed {} bytes of the device's buffer outside offset..offset+len\n{}",
            case["outside_changed"],
            run.stdout
        );
    }
}

/// A buffer that does not fit the device's buffer at its offset (101 bytes
/// at 3995, where 100 fit) cannot be copied whole, so `to_device` and
/// `to_memory` refuse it (the given `start_dma` panics) rather than copy
/// part of it. Each program first copies the 100 bytes that fit.
#[test]
fn a_buffer_that_does_not_fit_is_refused() {
    for program in ["oversize_to_device", "oversize_to_memory"] {
        let run = lab5::run_guest(program);
        let direction = program.trim_start_matches("oversize_");
        let reports = run.reports("oversize");
        let fitted = reports.iter().any(|r| r.get("fitting").is_some_and(|v| v == "done"));
        if !fitted {
            run.fail(&format!("`LAB5 oversize fitting=done` ({direction} of 100 bytes at offset 3995)"));
        }
        assert!(
            !reports.iter().any(|r| r.contains_key("refused")),
            "{direction} of 101 bytes at device offset 3995 (the device's buffer takes 100 from there) returned, and so did wait(): it copied part of the buffer; it must refuse (panic) instead\n{}",
            run.stdout
        );
        assert!(
            run.stdout.contains("PANIC: "),
            "{}",
            run.explain(&format!("a panic for {direction} of 101 bytes at offset 3995"))
        );
    }
}

/// The record of each start shows `fence::before_start()` before the
/// device started (see the module's note on what this proves).
#[test]
fn fence_before_every_start() {
    let run = lab5::run_guest("fences");
    let ops = run.expect_reports("fences", 2);
    for op in &ops {
        assert!(
            lab5::fenced_start(&op["start"]),
            "{} started the device without fence::before_start() before the start: its record is `{}` ({}). QEMU passes without it; a CPU that reorders may let the device read the buffer before the program's last writes reach it\n{}",
            op["op"],
            op["start"],
            lab5::TRACE_LEGEND,
            run.stdout
        );
    }
}

/// The record of each wait shows a poll that said done and, after it,
/// `fence::after_finish()` (see the module's note on what this proves).
#[test]
fn fence_after_the_device_is_done() {
    let run = lab5::run_guest("fences");
    let ops = run.expect_reports("fences", 2);
    for op in &ops {
        assert!(
            lab5::fenced_finish(&op["wait"]),
            "wait() after {} did not poll until done and then call fence::after_finish(): its record is `{}` ({}). QEMU passes without it; on a CPU that reorders, reads of the buffer may come before the poll that said done\n{}",
            op["op"],
            op["wait"],
            lab5::TRACE_LEGEND,
            run.stdout
        );
    }
}

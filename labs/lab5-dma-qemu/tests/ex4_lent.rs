//! Exercise 4 (stretch): `scoped::to_memory` and `scoped::to_device` lend
//! a buffer on the stack to the device for the length of one call (guest
//! programs `lent` and `lent_panic`). Whatever `during` does with its
//! handle (keeps it, drops it, forgets it at once, after a poll or once
//! the device is done, returns early), the call returns only once the
//! device is done: the bytes are the device's at the return, exactly from
//! the offset, the device is idle, and a buffer the caller overwrites the
//! moment the call is over was not what the device copied. `during` runs
//! while the device copies, its handle follows the device, the call is
//! back within 5 ms of the device, each call issues the given fences in
//! their places (the record in `guest/src/trace.rs`; QEMU cannot show a
//! missing fence, see `ex2_transfer`), and a panic in `during`, at each
//! position, ends the guest inside the call (it aborts), before the call
//! could return.
//!
//! What no test here can see: unwinding. The guest aborts on a panic, so
//! a call that would let a panic unwind out of it before the device is
//! done behaves the same as one that waits; the book says why the wait
//! belongs where an unwind runs it too.

use lab5::{Report, number};

/// How long after the device finishes the call may return: the device's
/// timer has millisecond steps, polling takes microseconds.
const PROMPT_US: u64 = 5_000;
/// Where `lent_panic` reads the position its `during` panics at.
const POSITION: &str = "0x87000000";

/// The `lent` program's run: the latency, its six `to_memory` lines and
/// its five `to_device` lines.
fn lent() -> (lab5::Run, u64, Vec<Report>, Vec<Report>) {
    let run = lab5::run_guest("lent");
    let latency = run.reports("latency");
    let (to_memory, to_device) = (run.reports("to_memory"), run.reports("to_device"));
    if !run.status.success() || latency.len() != 1 || to_memory.len() != 6 || to_device.len() != 5 {
        run.fail("`LAB5 latency`, six `LAB5 to_memory` and five `LAB5 to_device` lines, and exit status 0");
    }
    let latency = number(&latency[0], "us");
    (run, latency, to_memory, to_device)
}

/// Field `key` of `report`, for messages.
fn field<'r>(report: &'r Report, key: &str) -> &'r str {
    report.get(key).map_or("?", String::as_str)
}

/// What `during` did, as a message says it.
fn did(report: &Report) -> String {
    let how = match field(report, "how") {
        "keep" => "kept its handle and polled until done",
        "drop" => "dropped its handle at once",
        "forget" => "forgot its handle at once (mem::forget)",
        "forget_after_poll" => "polled once, then forgot its handle",
        "forget_when_done" => "polled until done, then forgot its handle",
        "late" => "returned 10 ms before the device finished",
        other => other,
    };
    format!("{} bytes at device offset {}, `during` {how}", field(report, "len"), field(report, "offset"))
}

/// `to_memory`'s bytes as the call returned, and the device then idle.
fn check_to_memory(run: &lab5::Run, report: &Report) {
    assert_eq!(
        field(report, "wrong"),
        "0",
        "to_memory of {}: when the call returned, {} of the buffer's bytes were not yet the device's bytes from that offset. The call must not return before the device is done, whatever `during` did with its handle: the device writes the caller's stack after the borrow is over (a handle that waits in its Drop is skipped by mem::forget)\n{}",
        did(report),
        field(report, "wrong"),
        run.stdout
    );
    assert_eq!(
        field(report, "guard_intact"),
        "true",
        "to_memory of {}: the bytes just past the buffer changed: the device wrote more than the buffer lent to it\n{}",
        did(report),
        run.stdout
    );
    assert_eq!(
        field(report, "busy_after"),
        "false",
        "to_memory of {}: the device was still busy when the call returned\n{}",
        did(report),
        run.stdout
    );
}

/// `to_device`: the device idle at the return, and its buffer holding the
/// bytes lent, not the ones the caller wrote after the call.
fn check_to_device(run: &lab5::Run, report: &Report) {
    assert_eq!(
        field(report, "busy_after"),
        "false",
        "to_device of {}: the device was still busy when the call returned. The device still reads the buffer, which is the caller's again: the call must wait in this direction too\n{}",
        did(report),
        run.stdout
    );
    assert_eq!(
        field(report, "misplaced"),
        "0",
        "to_device of {}: {} of those bytes are not what the buffer held during the call in the device's buffer at that offset ({} are the bytes the caller wrote into its buffer right after the call returned: the device was still reading it)\n{}",
        did(report),
        field(report, "misplaced"),
        field(report, "overwritten"),
        run.stdout
    );
    assert_eq!(
        field(report, "outside_changed"),
        "0",
        "to_device of {}: {} bytes of the device's buffer outside offset..offset+len changed\n{}",
        did(report),
        field(report, "outside_changed"),
        run.stdout
    );
    assert_eq!(
        field(report, "source_changed"),
        "0",
        "to_device of {}: {} bytes of the lent buffer changed during the call: the device wrote memory it should only read (a device -> RAM copy?)\n{}",
        did(report),
        field(report, "source_changed"),
        run.stdout
    );
}

/// `during` forgets its handle at once, after one poll, and once the
/// device is done, in both directions: nothing changes, the call still
/// returns only once the device is done.
#[test]
fn forgetting_the_handle_does_not_end_the_transfer() {
    let (run, _, to_memory, to_device) = lent();
    let forgets = |r: &&Report| field(r, "how").starts_with("forget");
    for report in to_memory.iter().filter(forgets) {
        check_to_memory(&run, report);
    }
    for report in to_device.iter().filter(forgets) {
        check_to_device(&run, report);
    }
}

/// Every `to_memory`: the device's bytes from exactly the offset are in the
/// buffer when the call returns, nothing past it changed, the device idle.
#[test]
fn to_memory_lands_before_the_call_returns() {
    let (run, _, to_memory, _) = lent();
    for report in &to_memory {
        check_to_memory(&run, report);
    }
}

/// Every `to_device`: the device idle when the call returns, and its
/// buffer holds the bytes lent, exactly at the offset, after the caller
/// overwrote its own buffer the moment the call was over.
#[test]
fn to_device_copies_the_bytes_lent() {
    let (run, _, _, to_device) = lent();
    for report in &to_device {
        check_to_device(&run, report);
    }
}

/// `during` runs after the start, while the device copies: its first
/// `is_done` says "not done" (in every case that asks), and a `during`
/// that polls sees the device finish.
#[test]
fn during_runs_while_the_device_copies() {
    let (run, _, to_memory, to_device) = lent();
    for (direction, report) in
        to_memory.iter().map(|r| ("to_memory", r)).chain(to_device.iter().map(|r| ("to_device", r)))
    {
        let first = field(report, "first_poll");
        if first == "-" {
            continue;
        }
        assert_eq!(
            first,
            "busy",
            "{direction} of {}: the first is_done() in `during` said the device was done, in a transfer it takes 100 ms for: `during` must run while the device copies (after the start, before the wait), and is_done must ask the device\n{}",
            did(report),
            run.stdout
        );
        if matches!(field(report, "how"), "keep" | "forget_when_done") {
            assert_eq!(
                field(report, "saw_done"),
                "true",
                "{direction} of {}: `during` polled is_done() for 50 ms past the device's finish and it never said done: is_done must be the device's own answer\n{}",
                did(report),
                run.stdout
            );
        }
    }
}

/// Every call returns within 5 ms of the device finishing (the start plus
/// the latency the given raw calls measured), also when `during` returns
/// at once or 10 ms before the device is done.
#[test]
fn the_call_returns_when_the_device_is_done() {
    let (run, latency, to_memory, to_device) = lent();
    for (direction, report) in
        to_memory.iter().map(|r| ("to_memory", r)).chain(to_device.iter().map(|r| ("to_device", r)))
    {
        let took = number(report, "returned_us") - number(report, "started_us");
        assert!(
            took <= latency + PROMPT_US,
            "{direction} of {}: the call returned {took} µs after its start, for a transfer the device finishes in {latency} µs (emulated), {} µs late: it waited for something other than the device (a fixed delay?)\n{}",
            did(report),
            took.saturating_sub(latency),
            run.stdout
        );
    }
}

/// Each call's record shows `fence::before_start()` before the one start,
/// and a poll that said done followed by `fence::after_finish()`: the
/// program's accesses come before the device's, the device's before the
/// caller's, whoever polled (`during` or the call).
#[test]
fn fences_around_the_device() {
    let (run, _, to_memory, to_device) = lent();
    for (direction, report) in
        to_memory.iter().map(|r| ("to_memory", r)).chain(to_device.iter().map(|r| ("to_device", r)))
    {
        let log = field(report, "log");
        assert!(
            lab5::fenced_start(log),
            "{direction} of {}: the call did not call fence::before_start() before it started the device (once): its record is `{log}` ({}). QEMU passes without it; a CPU that reorders may let the device see the buffer before the program's last accesses\n{}",
            did(report),
            lab5::TRACE_LEGEND,
            run.stdout
        );
        assert!(
            lab5::fenced_finish(log),
            "{direction} of {}: the call's record `{log}` ({}) has no poll that said done followed by fence::after_finish(): the call must learn from the device that it is done, then fence, before it returns, even when `during` already saw it done. QEMU passes without it; on a CPU that reorders, the caller's accesses may come before that \"done\"\n{}",
            did(report),
            lab5::TRACE_LEGEND,
            run.stdout
        );
    }
}

/// `during` panics at once, after a poll, after forgetting its handle, and
/// once the device is done (the position written into the guest's RAM with
/// QEMU's generic loader). The guest aborts, so the panic must be
/// `during`'s own, with the device running when `during` began, and the
/// call must never have returned.
#[test]
fn a_panic_in_during_ends_the_guest_there() {
    for position in 0..4 {
        let loader = format!("loader,addr={POSITION},data={position},data-len=4");
        let run = lab5::run_guest_with("lent_panic", &[lab5::EDU, &loader]);
        let during = run.reports("during");
        if during.len() != 1 {
            run.fail(&format!("`LAB5 during position={position} …`: `during` never ran"));
        }
        assert_eq!(
            field(&during[0], "running"),
            "true",
            "position {position}: `during` began after the device had finished: it must run while the device copies\n{}",
            run.stdout
        );
        let message = format!("(position {position})");
        if !run.stdout.contains("PANIC: ") || !run.stdout.contains(&message) || run.status.code() != Some(1) {
            run.fail(&format!("the panic `during` raised, `… {message}`, and exit status 1"));
        }
        assert!(
            run.reports("returned").is_empty(),
            "position {position}: the call returned after `during` panicked\n{}",
            run.stdout
        );
    }
}

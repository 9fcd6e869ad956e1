//! Exercise 3: dropping a running transfer waits for the device (guest
//! program `dropped`): the buffer holds the device's bytes as soon as
//! `drop` returns, the device says it is idle, the drop learned that from
//! the device (a poll that said done, then `fence::after_finish()`), and it
//! returned promptly after the device finished, not after a fixed delay.
//!
//! Why a fixed delay cannot pass: edu finishes 100 ms of emulated time
//! after the start (`hw/misc/edu.c`; under `-icount` emulated time is the
//! instruction count). A transfer dropped at once needs a delay of nearly
//! 100 ms; one dropped 10 ms before the device finishes must return within
//! 5 ms of the device, so a delay longer than 15 ms fails there. No delay
//! that ignores the device does both, whether it counts loops or reads the
//! clock, and the record shows whether drop polled at all. A missing fence
//! is invisible on QEMU (see `ex2_transfer`); the record shows the call.

use lab5::{Report, number};

/// How long after the device finishes `drop` may return: the device's
/// timer has millisecond steps, polling takes microseconds.
const PROMPT_US: u64 = 5_000;

/// The `dropped` program's run and its lines: latency, then `kinds` in order.
fn dropped(kinds: &[&str]) -> (lab5::Run, u64, Vec<Report>) {
    let run = lab5::run_guest("dropped");
    let latency = run.reports("latency");
    let reports: Vec<Vec<Report>> = kinds.iter().map(|kind| run.reports(kind)).collect();
    if !run.status.success() || latency.len() != 1 || reports.iter().any(|r| r.len() != 1) {
        run.fail(&format!("`LAB5 latency` and one line of each of {kinds:?}, and exit status 0"));
    }
    let latency = number(&latency[0], "us");
    (run, latency, reports.into_iter().flatten().collect())
}

#[test]
fn drop_waits_for_the_device() {
    let run = lab5::run_guest("dropped");
    let dropped = run.expect_report("drop");
    assert_eq!(
        dropped.get("landed"),
        dropped.get("of"),
        "only {} of {} bytes had landed when drop() returned: Drop must wait for the device (edu cannot cancel), or the buffer's owner reuses memory the device is still writing\n{}",
        dropped.get("landed").map_or("?", String::as_str),
        dropped.get("of").map_or("?", String::as_str),
        run.stdout
    );
}

/// Each drop's record (from its call to its return) shows a poll that said
/// done and, after it, `fence::after_finish()`: drop asked the device, not
/// the clock, and fenced before the buffer went back to its owner.
#[test]
fn drop_sees_the_device_finish_then_fences() {
    let kinds = ["drop", "late_drop", "to_device_drop"];
    let (run, _, reports) = dropped(&kinds);
    for (kind, report) in kinds.iter().zip(&reports) {
        assert!(
            lab5::fenced_finish(&report["log"]),
            "{kind}: while drop() ran, it did not poll the device until a poll said done and then call fence::after_finish(): its record is `{}` ({}). A drop that waits a fixed time, or does not fence, hands the buffer back on a guess\n{}",
            report["log"],
            lab5::TRACE_LEGEND,
            run.stdout
        );
    }
}

/// A device -> RAM transfer dropped at once and one dropped 10 ms before
/// the device finishes: each drop returns with the bytes landed and the
/// device idle, and within 5 ms of the device finishing (the transfer's
/// start plus the latency the given raw calls measured).
#[test]
fn drop_returns_when_the_device_is_done() {
    let kinds = ["drop", "late_drop"];
    let (run, latency, reports) = dropped(&kinds);
    for (kind, report) in kinds.iter().zip(&reports) {
        assert_eq!(
            report.get("landed"),
            report.get("of"),
            "{kind}: only {} of {} bytes had landed when drop() returned: it must wait until the device is done\n{}",
            report["landed"],
            report["of"],
            run.stdout
        );
        assert_eq!(
            report.get("busy_after").map(String::as_str),
            Some("false"),
            "{kind}: the device was still busy when drop() returned\n{}",
            run.stdout
        );
        if *kind == "late_drop" {
            assert_eq!(
                report.get("running_at_drop").map(String::as_str),
                Some("true"),
                "{kind}: is_done() said done {} µs into a transfer the device takes {latency} µs for\n{}",
                number(report, "dropped_us") - number(report, "started_us"),
                run.stdout
            );
        }
        let took = number(report, "returned_us") - number(report, "started_us");
        assert!(
            took <= latency + PROMPT_US,
            "{kind}: drop() returned {took} µs after the start of a transfer the device finishes in {latency} µs (emulated), {} µs late: it waited for something other than the device (a fixed delay?)\n{}",
            took - latency,
            run.stdout
        );
    }
}

/// A RAM -> device transfer dropped at once: when drop returns the device
/// is idle (the next `Edu`, from `find_edu`, asks it), as it must be before
/// its buffer goes back to its owner, who may reuse it while the device
/// still reads it, or start another transfer.
#[test]
fn dropped_to_device_transfer_is_over() {
    let (run, _, reports) = dropped(&["to_device_drop"]);
    assert_eq!(
        reports[0].get("busy_after").map(String::as_str),
        Some("false"),
        "a dropped RAM -> device transfer left the device busy: Drop must wait in both directions (the device still reads the buffer, and the next transfer finds it running)\n{}",
        run.stdout
    );
}

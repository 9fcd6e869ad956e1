//! Exercise 2: `Transfer` copies RAM -> device -> RAM for several sizes and
//! offsets (guest program `integrity`), `is_done` follows the device, and a
//! buffer on the stack is refused at compile time.

#[test]
fn round_trip_sizes_and_offsets() {
    let run = lab5::run_guest("integrity");
    let cases = run.reports("case");
    if !run.status.success() || cases.len() != 7 {
        panic!("{}", run.explain("seven `LAB5 case` lines and exit status 0"));
    }
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
    let run = lab5::run_guest("integrity");
    if !run.status.success() {
        panic!("{}", run.explain("a successful run before the compile check"));
    }
    let (shown, out) = lab5::cargo_on_guest(&["check", "--example", "non_static", "--message-format=short"])
        .unwrap_or_else(|e| panic!("{e}"));
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

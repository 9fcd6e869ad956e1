//! Exercise 3: dropping a running transfer waits for the device, so the
//! buffer holds the device's bytes as soon as `drop` returns (guest program
//! `dropped`).

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

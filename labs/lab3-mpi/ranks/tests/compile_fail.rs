//! Exercise 3's compile-fail cases, run by `tests/ex3_compile_fail.rs` of
//! package `lab3` (they need the `mpi` crate, which `lab3` must not depend on).

#[test]
fn owned_requests_reject_borrowed_and_busy_buffers() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}

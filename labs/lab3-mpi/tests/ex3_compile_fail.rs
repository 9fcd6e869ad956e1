//! Exercise 3: the owned API in safe code. The buffer is yours again after
//! `wait`, and the compiler rejects a borrowed buffer and any use of a
//! buffer while its request is live (trybuild cases in `ranks/tests/ui/`).

use lab3::{Profile, cargo_test_ranks, mpirun, rank_program};

/// Three round trips with one owned buffer, which rank 0 touches between them.
fn reuse_one_buffer() {
    let reports = mpirun(2, &rank_program("owned", Profile::Debug), &["reuse"]).expect_reports(2);
    assert_eq!(
        reports[&0]["rounds_ok"], "true",
        "three round trips with one buffer, touched between them, must each see rank 1's echo"
    );
    assert_eq!(
        reports[&0]["same_allocation"], "true",
        "the buffer that comes back must be the one that went in"
    );
}

#[test]
fn the_buffer_is_yours_again_after_wait() {
    reuse_one_buffer();
}

#[test]
fn borrowed_and_busy_buffers_do_not_compile() {
    // The rank programs first: the compile-fail cases alone would also
    // pass on the stubs, whose signatures are final.
    reuse_one_buffer();
    if let Err(e) = cargo_test_ranks("compile_fail") {
        panic!("{e}");
    }
}

//! Exercise 4 (nightly): `forget` accepts `Leak` values only; `Unleak<T>` is
//! `Leak` exactly when `T: 'static`. Run with
//! `cargo +nightly test -p lab1 --features nightly --test ex4_unleak`.

use lab1::leak::forget;
use lab1::tracked::DropCounter;
use lab1::unleak::Unleak;

#[test]
fn forget_skips_the_destructor_of_a_static_value() {
    let counter = DropCounter::new();
    forget(Unleak::new(counter.track(1)));
    forget(counter.track(2));
    assert_eq!(counter.drops(), 0, "forget must not run the destructor");
}

#[test]
fn unleak_keeps_its_value() {
    static ANSWER: u32 = 42;
    let wrapped = Unleak::new(&ANSWER);
    assert_eq!(*wrapped.value, 42, "Unleak::new must keep the value it wraps");
    forget(wrapped);
}

#[test]
// trybuild runs rustc, which Miri cannot; leaving the test out under Miri
// also keeps trybuild out of the Miri build.
#[cfg(not(miri))]
fn forget_accepts_static_values_and_rejects_borrowed_ones() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    cases.compile_fail("tests/ui/fail/*.rs");
}

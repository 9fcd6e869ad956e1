//! Support code for the tests of exercise 3: the reusable grading checks and
//! the naive `drain` they must reject.

pub mod drain_checks;
pub mod naive_drain;

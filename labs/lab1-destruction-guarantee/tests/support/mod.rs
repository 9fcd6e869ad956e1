//! Support code for the tests of exercise 3: the reusable grading checks,
//! the naive `drain` they must reject, and how a scenario ends (which
//! exercise 5's tests share).

pub mod drain_checks;
pub mod ending;
pub mod naive_drain;

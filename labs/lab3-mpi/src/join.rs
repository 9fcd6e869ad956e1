//! Why exercise 4's `pieces::join` refuses the pieces it is given. Given,
//! not an exercise, so that every answer reports the same errors.

use std::fmt;

/// Why [`join`](crate::pieces::join) refused its five pieces (it hands
/// them back with the error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinError {
    /// Not all five pieces come from the same call of `split`, whatever
    /// their order.
    NotOneDomain,
    /// The five pieces of one `split`, but not in the order it returned them.
    OutOfOrder,
}

impl fmt::Display for JoinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JoinError::NotOneDomain => "the pieces are not all from one split",
            JoinError::OutOfOrder => "the pieces are not in the order split returned them",
        })
    }
}

impl std::error::Error for JoinError {}

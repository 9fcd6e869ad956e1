//! How the owned and pieces rank programs wait for a message that may
//! never come: a receive tested until a deadline, and leaked if it passes.

use std::mem;
use std::time::{Duration, Instant};

use lab3_ranks::buffer::OwnedBufferMut;
use lab3_ranks::owned::RecvRequest;

/// Tests `receive` until it completes or `patience` runs out.
pub fn finish_within<B: OwnedBufferMut>(mut receive: RecvRequest<B>, patience: Duration) -> Option<B> {
    let deadline = Instant::now() + patience;
    loop {
        match receive.test() {
            Ok((_, buf)) => return Some(buf),
            Err(pending) if Instant::now() > deadline => {
                // Still posted: keep MPI's pointer valid by leaking it.
                mem::forget(pending);
                return None;
            }
            Err(pending) => receive = pending,
        }
    }
}

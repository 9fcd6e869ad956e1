//! The unsound design the lab replaces: a guard object that borrows the
//! receive buffer and waits for MPI in its `Drop`. Safe code can forget it
//! and get the buffer back while MPI still holds a pointer into it. Given,
//! not an exercise: `examples/forgotten_request.rs` shows what goes wrong.

use std::marker::PhantomData;

use mpi::point_to_point::Status;
use mpi::request::{Request, StaticScope};
use mpi::topology::Process;
use mpi::traits::*;

// ANCHOR: guard
/// An immediate receive into a borrowed buffer that waits for completion
/// when dropped. **Unsound**: see [`GuardedReceive::post`].
pub struct GuardedReceive<'buf> {
    request: Option<Request<'static, [u8]>>,
    // The borrow checker sees `'buf` here and keeps the buffer locked, but
    // only until this guard goes out of scope, and forgetting it counts.
    _buffer: PhantomData<&'buf mut [u8]>,
}

impl<'buf> GuardedReceive<'buf> {
    /// Starts receiving a message from `from` into `buf`.
    pub fn post(from: &Process<'_>, buf: &'buf mut [u8]) -> Self {
        // SAFETY: WRONG, and this module exists to show it. The argument
        // was: "the guard borrows `buf` for 'buf and its Drop waits for MPI,
        // so MPI is done with the memory before the borrow ends". But
        // `mem::forget` ends the borrow without running Drop.
        let forever: &'static mut [u8] = unsafe { &mut *(buf as *mut [u8]) };
        GuardedReceive {
            request: Some(from.immediate_receive_into(StaticScope, forever)),
            _buffer: PhantomData,
        }
    }

    /// Waits for the message.
    pub fn wait(mut self) -> Status {
        self.request.take().expect("a live guard holds its request").wait()
    }
}

impl Drop for GuardedReceive<'_> {
    fn drop(&mut self) {
        if let Some(request) = self.request.take() {
            request.wait();
        }
    }
}
// ANCHOR_END: guard

//! Exercise 2: immediate sends and receives that own their buffers.
//!
//! Book: chapter 3, "MPI: requests that own their buffers", sections
//! "Requests that own their buffers" and "What a dropped request should do".

use std::marker::PhantomData;

use mpi::point_to_point::Status;
use mpi::topology::Process;

use crate::buffer::{OwnedBuffer, OwnedBufferMut};
use crate::immediate::OwnedImmediate;

/// An immediate send that owns the buffer it sends from.
#[must_use = "dropping a request waits for it; call wait() or test() to get the buffer back"]
pub struct SendRequest<B: OwnedBuffer> {
    // Replace with your fields.
    _todo: PhantomData<B>,
}

impl<B: OwnedBuffer> SendRequest<B> {
    /// Waits until MPI is done with the buffer and hands it back.
    pub fn wait(self) -> (Status, B) {
        todo!(
            "lab3 exercise 2: wait for the send, then give the buffer back (book: ch. 3, Requests that own their buffers)"
        )
    }

    /// The status and the buffer if the send has completed, else the request.
    pub fn test(self) -> Result<(Status, B), Self> {
        todo!(
            "lab3 exercise 2: test the send without blocking (book: ch. 3, Requests that own their buffers)"
        )
    }
}

/// An immediate receive that owns the buffer it receives into.
#[must_use = "dropping a receive cancels it; call wait() or test() to get the data"]
pub struct RecvRequest<B: OwnedBufferMut> {
    // Replace with your fields.
    _todo: PhantomData<B>,
}

impl<B: OwnedBufferMut> RecvRequest<B> {
    /// Waits for the message and hands back the buffer that holds it.
    pub fn wait(self) -> (Status, B) {
        todo!(
            "lab3 exercise 2: wait for the receive, then give the buffer back (book: ch. 3, Requests that own their buffers)"
        )
    }

    /// The status and the filled buffer if the message has arrived, else the request.
    pub fn test(self) -> Result<(Status, B), Self> {
        todo!(
            "lab3 exercise 2: test the receive without blocking (book: ch. 3, Requests that own their buffers)"
        )
    }
}

// ANCHOR: start
impl OwnedImmediate for Process<'_> {
    fn isend_owned<B: OwnedBuffer>(&self, buf: B) -> SendRequest<B> {
        todo!(
            "lab3 exercise 2: start an immediate send that owns `buf` (book: ch. 3, Requests that own their buffers)"
        )
    }

    fn irecv_owned<B: OwnedBufferMut>(&self, buf: B) -> RecvRequest<B> {
        todo!(
            "lab3 exercise 2: start an immediate receive that owns `buf` (book: ch. 3, Requests that own their buffers)"
        )
    }
}
// ANCHOR_END: start

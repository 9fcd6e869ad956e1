//! Wrong: a receive's test() waits for the message instead of asking once, so it never reports a pending request (wrong, not unsound).
//! Caught by: ex2_owned::test_reports_pending_then_complete

use mpi::point_to_point::Status;
use mpi::request::{Request, StaticScope};
use mpi::topology::Process;
use mpi::traits::*;

use crate::buffer::{OwnedBuffer, OwnedBufferMut};
use crate::immediate::OwnedImmediate;

// ANCHOR: in_flight
/// What both kinds of request hold: rsmpi's request and the buffer it uses.
/// Sends and receives differ only in what a drop before completion does.
struct InFlight<B: OwnedBuffer> {
    // `Some` until the request completes. rsmpi's request borrows the
    // buffer's elements for 'static: true only because we own `buf` and
    // neither free nor touch it before MPI is done.
    request: Option<Request<'static, [B::Item]>>,
    // `Some` until `wait` or `test` hands it back.
    buf: Option<B>,
}

impl<B: OwnedBuffer> InFlight<B> {
    /// Waits until MPI is done with the buffer and hands it back.
    fn wait(&mut self) -> (Status, B) {
        let status = self.request.take().expect("a live request").wait();
        (status, self.buf.take().expect("a live request owns its buffer"))
    }

    /// The status and the buffer if the operation has completed.
    fn test(&mut self) -> Option<(Status, B)> {
        match self.request.take().expect("a live request").test() {
            Ok(status) => Some((status, self.buf.take().expect("a live request owns its buffer"))),
            Err(request) => {
                self.request = Some(request);
                None
            }
        }
    }
}
// ANCHOR_END: in_flight

// ANCHOR: send_request
/// An immediate send that owns the buffer it sends from.
#[must_use = "dropping a request waits for it; call wait() or test() to get the buffer back"]
pub struct SendRequest<B: OwnedBuffer>(InFlight<B>);
// ANCHOR_END: send_request

impl<B: OwnedBuffer> SendRequest<B> {
    /// Waits until MPI is done with the buffer and hands it back.
    pub fn wait(mut self) -> (Status, B) {
        self.0.wait()
    }

    /// The status and the buffer if the send has completed, else the request.
    pub fn test(mut self) -> Result<(Status, B), Self> {
        self.0.test().ok_or(self)
    }
}

// ANCHOR: send_drop
impl<B: OwnedBuffer> Drop for SendRequest<B> {
    fn drop(&mut self) {
        // Runs before the fields are dropped, so `buf` is freed only after
        // MPI has finished reading it. Cancelling a send is deprecated since
        // MPI 4.0, so wait: small (eager) sends return at once, large ones
        // block until the receiver posts a matching receive.
        if let Some(request) = self.0.request.take() {
            request.wait();
        }
    }
}
// ANCHOR_END: send_drop

// ANCHOR: recv_request
/// An immediate receive that owns the buffer it receives into.
#[must_use = "dropping a receive cancels it; call wait() or test() to get the data"]
pub struct RecvRequest<B: OwnedBufferMut>(InFlight<B>);
// ANCHOR_END: recv_request

impl<B: OwnedBufferMut> RecvRequest<B> {
    /// Waits for the message and hands back the buffer that holds it.
    pub fn wait(mut self) -> (Status, B) {
        self.0.wait()
    }

    /// The status and the filled buffer if the message has arrived, else the request.
    pub fn test(mut self) -> Result<(Status, B), Self> {
        Ok(self.0.wait())
    }
}

// ANCHOR: recv_drop
impl<B: OwnedBufferMut> Drop for RecvRequest<B> {
    fn drop(&mut self) {
        // Nobody will read the message, so ask MPI to cancel the receive,
        // then wait: either the cancel succeeded or the message arrived, and
        // in both cases MPI no longer writes to `buf`, which is freed next.
        if let Some(request) = self.0.request.take() {
            request.cancel();
            request.wait();
        }
    }
}
// ANCHOR_END: recv_drop

// ANCHOR: start
impl OwnedImmediate for Process<'_> {
    fn isend_owned<B: OwnedBuffer>(&self, buf: B) -> SendRequest<B> {
        let elements: *const [B::Item] = buf.as_slice();
        // SAFETY: `buf` is moved into the request below, and `OwnedBuffer`
        // promises the elements stay put while it is only moved. The request
        // frees `buf` only after MPI completed (in `wait`, `test` or `Drop`);
        // if the request is forgotten, `buf` is never freed at all. So the
        // elements outlive MPI's use of them, which is all 'static must mean
        // for a `Request` in `StaticScope`.
        let elements: &'static [B::Item] = unsafe { &*elements };
        SendRequest(InFlight { request: Some(self.immediate_send(StaticScope, elements)), buf: Some(buf) })
    }

    fn irecv_owned<B: OwnedBufferMut>(&self, mut buf: B) -> RecvRequest<B> {
        let elements: *mut [B::Item] = buf.as_mut_slice();
        // SAFETY: as in `isend_owned`; in addition nobody else can reach the
        // elements while MPI writes them: `buf` is private to the request and
        // handed back only after completion.
        let elements: &'static mut [B::Item] = unsafe { &mut *elements };
        RecvRequest(InFlight {
            request: Some(self.immediate_receive_into(StaticScope, elements)),
            buf: Some(buf),
        })
    }
}
// ANCHOR_END: start

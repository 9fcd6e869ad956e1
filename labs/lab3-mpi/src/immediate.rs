//! The owned-buffer API's entry points. Given, so that every answer to
//! exercise 2 has the same signatures; you implement this trait for
//! `Process` in `owned.rs`.

use crate::buffer::{OwnedBuffer, OwnedBufferMut};
use crate::owned::{RecvRequest, SendRequest};

// ANCHOR: api
/// Immediate operations that take their buffer by value.
pub trait OwnedImmediate {
    /// Starts sending `buf`; the request owns it until it completes.
    fn isend_owned<B: OwnedBuffer>(&self, buf: B) -> SendRequest<B>;
    /// Starts receiving a message into `buf`; the request owns it until it completes.
    fn irecv_owned<B: OwnedBufferMut>(&self, buf: B) -> RecvRequest<B>;
}
// ANCHOR_END: api

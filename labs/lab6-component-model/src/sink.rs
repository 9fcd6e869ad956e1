//! The host's end of a guest-written stream: the given state of the consumer
//! the student implements in `consumer.rs`.

use futures::channel::mpsc::UnboundedSender;

/// Takes bytes out of the guest's writes, at most `max_per_read` per write,
/// sends each batch to `out`, and drops the stream after `limit` bytes.
pub struct Sink {
    /// Where each batch of bytes goes; the receiver ends when the sink is dropped.
    pub out: UnboundedSender<Vec<u8>>,
    /// At most this many bytes are taken out of one write.
    pub max_per_read: usize,
    /// After this many bytes the sink drops its end of the stream.
    pub limit: usize,
    /// Bytes taken so far.
    pub taken: usize,
}

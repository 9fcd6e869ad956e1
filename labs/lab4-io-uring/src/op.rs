//! An operation in flight that owns its buffer (given): a future resolving
//! to the kernel's result and the buffer, and a `Drop` that hands the buffer
//! to the driver when the future goes first.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use io_uring::squeue;

use crate::driver;

/// An operation submitted to the kernel, owning the buffer it points into.
#[must_use = "an operation does nothing useful unless awaited"]
pub struct Op<B: 'static> {
    key: u64,
    /// `Some` until the future returns it with the result.
    buf: Option<B>,
}

impl<B: 'static> Op<B> {
    /// Submits `entry`, whose pointers point into `buf` only.
    ///
    /// # Safety
    ///
    /// Every pointer in `entry` must point into memory owned by `buf` that
    /// stays put when `buf` moves (the [`IoBuf`](crate::IoBuf) contract),
    /// valid for the access the operation makes.
    pub unsafe fn submit(entry: squeue::Entry, buf: B) -> Op<B> {
        // SAFETY: the Op keeps `buf` until the completion, and on drop hands
        // it to the driver, which keeps it until the completion.
        let key = unsafe { driver::submit(entry) };
        Op { key, buf: Some(buf) }
    }
}

impl<B: Unpin + 'static> Future for Op<B> {
    /// The kernel's result (a count, or a negated errno) and the buffer.
    type Output = (i32, B);

    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<(i32, B)> {
        let this = self.get_mut();
        match driver::take_result(this.key) {
            Some(result) => {
                let buf = this.buf.take().expect("an Op polled after it completed");
                Poll::Ready((result, buf))
            }
            None => Poll::Pending,
        }
    }
}

impl<B: 'static> Drop for Op<B> {
    fn drop(&mut self) {
        if let Some(buf) = self.buf.take() {
            driver::abandon(self.key, Box::new(buf));
        }
    }
}

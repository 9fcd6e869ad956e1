//! A self-referential value: once pinned and initialised it holds its own
//! address, and its destructor checks it was never moved.

use std::marker::PhantomPinned;
use std::pin::Pin;
use std::ptr;

use crate::tracked::{DropCounter, Tracked};

/// A value that points at itself. It must be pinned before [`Loopback::init`]
/// and must not move afterwards; its `Drop` panics if it did.
pub struct Loopback<'c> {
    /// A name, so a test can see which value it holds.
    pub label: String,
    me: *const Loopback<'c>,
    _counted: Tracked<'c>,
    _pinned: PhantomPinned,
}

impl<'c> Loopback<'c> {
    /// A value that does not point anywhere yet; `counter` counts its drop.
    pub fn new(label: &str, counter: &'c DropCounter) -> Self {
        Loopback {
            label: label.to_owned(),
            me: ptr::null(),
            _counted: counter.track(0),
            _pinned: PhantomPinned,
        }
    }

    /// Records the value's own address. From now on it must not move.
    pub fn init(self: Pin<&mut Self>) {
        let here: *const Loopback<'c> = &*self;
        // SAFETY: we only write a plain field; nothing is moved out of the
        // pinned place.
        unsafe { self.get_unchecked_mut() }.me = here;
    }

    /// Whether `init` ran and the value is still where it was then.
    pub fn is_home(&self) -> bool {
        ptr::eq(self.me, self)
    }
}

impl Drop for Loopback<'_> {
    fn drop(&mut self) {
        // Already unwinding from a failed test: a second panic would abort.
        if std::thread::panicking() {
            return;
        }
        assert!(
            self.me.is_null() || self.is_home(),
            "Loopback `{}` was initialised at {:p} but is dropped at {:p}: it moved while pinned",
            self.label,
            self.me,
            self as *const Loopback<'_>
        );
    }
}

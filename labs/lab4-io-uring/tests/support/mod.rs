//! What the lab 4 tests share: pipes and files as `File`s, and a buffer
//! that counts how many of its kind are alive.

#![allow(dead_code)] // each test target uses part of this

use std::cell::RefCell;
use std::fs::File;
use std::os::fd::OwnedFd;
use std::path::PathBuf;

use lab4::{IoBuf, IoBufMut};

/// A pipe as (read end, write end).
pub fn pipe() -> (File, File) {
    let (reader, writer) = std::io::pipe().expect("pipe");
    (File::from(OwnedFd::from(reader)), File::from(OwnedFd::from(writer)))
}

/// A file of this test's own, holding `contents`.
pub fn file_with(name: &str, contents: &[u8]) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("lab4-{name}"));
    std::fs::write(&path, contents).expect("write the test file");
    path
}

thread_local! {
    /// The fill byte each live [`Tracked`] buffer was made with.
    static LIVE: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// How many [`Tracked`] buffers are alive on this thread.
pub fn live() -> usize {
    LIVE.with(|live| live.borrow().len())
}

/// The fill bytes the live [`Tracked`] buffers were made with, sorted: which
/// buffers are still alive, when each test buffer has a fill of its own.
pub fn live_fills() -> Vec<u8> {
    let mut fills = LIVE.with(|live| live.borrow().clone());
    fills.sort_unstable();
    fills
}

/// A `Vec<u8>` that counts itself in [`live`], filled with `fill` so a
/// kernel write shows.
pub struct Tracked {
    bytes: Vec<u8>,
    fill: u8,
}

impl Tracked {
    /// A buffer of `len` initialised bytes, all `fill`.
    pub fn filled(len: usize, fill: u8) -> Tracked {
        LIVE.with(|live| live.borrow_mut().push(fill));
        Tracked { bytes: vec![fill; len], fill }
    }

    /// The bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        // Poison the bytes, so a buffer freed early and written later is
        // told apart from one still owned.
        self.bytes.fill(0xDD);
        // `try_with`: a buffer the driver still holds when the thread ends
        // is dropped with the driver, maybe after this count is gone.
        let _ = LIVE.try_with(|live| {
            let mut live = live.borrow_mut();
            if let Some(at) = live.iter().position(|&f| f == self.fill) {
                live.swap_remove(at);
            }
        });
    }
}

// SAFETY: the bytes are a Vec's heap allocation, never moved or resized
// while the Tracked lives; `len == capacity` bytes are initialised.
unsafe impl IoBuf for Tracked {
    fn stable_ptr(&self) -> *const u8 {
        self.bytes.as_ptr()
    }

    fn bytes_init(&self) -> usize {
        self.bytes.len()
    }

    fn bytes_total(&self) -> usize {
        self.bytes.len()
    }
}

// SAFETY: as for `IoBuf`; every byte is initialised already.
unsafe impl IoBufMut for Tracked {
    fn stable_mut_ptr(&mut self) -> *mut u8 {
        self.bytes.as_mut_ptr()
    }

    unsafe fn set_init(&mut self, _n: usize) {}
}

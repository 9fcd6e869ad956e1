//! The buffer traits an owned-buffer operation is generic over (given).
//!
//! They follow tokio-uring 0.5's `IoBuf`/`IoBufMut`: the operation takes the
//! buffer by value, hands the kernel a pointer into it, and gives it back
//! with the result.

// ANCHOR: traits
/// What an owned-buffer operation resolves to: the result, and the buffer back.
pub type BufResult<T, B> = (std::io::Result<T>, B);

/// A buffer whose bytes the kernel may read for as long as an operation owns it.
///
/// # Safety
///
/// Implementing this trait is `unsafe` because the driver trusts it with
/// the kernel: the pointer from [`stable_ptr`](IoBuf::stable_ptr) must stay
/// valid, and point at the same bytes, when the value is *moved* (into the
/// driver's table, into a future that is then moved), until the value is
/// dropped; the first [`bytes_init`](IoBuf::bytes_init) bytes must be
/// initialised and `bytes_init() <= bytes_total()`; and `bytes_total()`
/// bytes must be allocated there. A `[u8; N]` held by value breaks the
/// first rule (moving it moves the bytes); a `Vec<u8>` keeps it (the bytes
/// are on the heap and move with nobody).
pub unsafe trait IoBuf: Unpin + 'static {
    /// The start of the bytes, stable across moves of `self`.
    fn stable_ptr(&self) -> *const u8;
    /// How many bytes from the start are initialised.
    fn bytes_init(&self) -> usize;
    /// How many bytes are allocated.
    fn bytes_total(&self) -> usize;
}

/// A buffer the kernel may also write into.
///
/// # Safety
///
/// As for [`IoBuf`], and [`stable_mut_ptr`](IoBufMut::stable_mut_ptr) is
/// the same address as `stable_ptr`, valid for writes of `bytes_total()`
/// bytes.
pub unsafe trait IoBufMut: IoBuf {
    /// The start of the bytes, for the kernel to write into.
    fn stable_mut_ptr(&mut self) -> *mut u8;
    /// Records that the first `n` bytes are now initialised (a read wrote
    /// them). Never shrinks what was already initialised.
    ///
    /// # Safety
    ///
    /// The first `n` bytes must really be initialised, and `n <= bytes_total()`.
    unsafe fn set_init(&mut self, n: usize);
}
// ANCHOR_END: traits

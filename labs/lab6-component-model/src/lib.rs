//! Lab 6: byte streams that own their buffers, between a WebAssembly
//! component (built from `guest/` and the student's guest files) and a
//! wasmtime host (this crate, with the student's consumer).
//!
//! The student's files: `src/writer.rs`, `src/cancel.rs` and `src/patient.rs`
//! (compiled into the wasm guest) and `src/consumer.rs` (compiled here).

pub mod guest;
pub mod host;
pub mod sink;

#[cfg_attr(feature = "solution", path = "../../../solutions/lab6/consumer.rs")]
pub mod consumer;

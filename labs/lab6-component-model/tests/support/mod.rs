//! Shared by lab 6's graders: the inputs and what the guest must send back.

#![allow(dead_code)]

use lab6::host::Lab;
pub use lab6::host::fail;

/// A new guest instance, or the test fails with the build's one-line reason.
pub fn lab() -> Lab {
    Lab::new().unwrap_or_else(|e| fail(e))
}

/// `len` bytes that are not a repeating pattern of any small period.
pub fn input(len: usize) -> Vec<u8> {
    let mut x = 0x2545_f491_u32;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect()
}

/// What the transform must send back for `input`: every byte XORed with
/// 0x5a, then the FNV-1a checksum of `input`, little-endian.
pub fn expected(input: &[u8]) -> Vec<u8> {
    let mut sum = 0xcbf2_9ce4_8422_2325_u64;
    for &b in input {
        sum = (sum ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    let mut out: Vec<u8> = input.iter().map(|b| b ^ 0x5a).collect();
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// Compares long byte strings, saying where they first differ.
pub fn assert_bytes(got: &[u8], want: &[u8], what: &str) {
    if let Some(i) = got.iter().zip(want).position(|(a, b)| a != b) {
        panic!("{what}: byte {i} is {:#04x}, expected {:#04x}", got[i], want[i]);
    }
    assert_eq!(got.len(), want.len(), "{what}: {} bytes came back, expected {}", got.len(), want.len());
}

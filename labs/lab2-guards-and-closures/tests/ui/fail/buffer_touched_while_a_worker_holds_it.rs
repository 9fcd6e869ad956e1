//! While a worker holds `&mut buf`, the closure cannot touch `buf`.

use lab2::scope;

fn main() {
    let mut buf = vec![0u8; 4];
    scope(|s| {
        s.spawn(|| buf.fill(1));
        buf[0] = 2;
    });
}

//! Declares the `loom` cfg, set with `RUSTFLAGS="--cfg loom"` for the model
//! checker, so rustc does not warn about an unknown cfg.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(loom)");
}

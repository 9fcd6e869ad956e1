//! Links the guest's programs with `link.x`: code and data in the virt
//! machine's RAM at 0x8000_0000, then a 64 KiB stack.

fn main() {
    let dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    println!("cargo:rustc-link-arg-bins=-T{dir}/link.x");
    println!("cargo:rerun-if-changed=link.x");
}

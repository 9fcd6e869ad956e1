//! One line naming why the kernel refused io_uring, and the fix (given).
//!
//! Pure `std`, so `cargo xtask doctor` includes this file too and says the
//! same thing as a failing lab 4 test.

/// Where the kernel says whether io_uring is allowed (Linux 6.6 and later):
/// 0 everyone, 1 only root and the `kernel.io_uring_group` group, 2 nobody.
pub const SYSCTL: &str = "/proc/sys/kernel/io_uring_disabled";

/// Explains an `io_uring_setup` that failed with `errno`, given the
/// `kernel.io_uring_disabled` value (if the file exists) and the kernel
/// release (`uname -r`). One line: the cause, then the fix.
pub fn explain(errno: Option<i32>, disabled: Option<&str>, release: &str) -> String {
    const EPERM: i32 = 1;
    const ENOSYS: i32 = 38;
    let disabled = disabled.map(str::trim).filter(|v| *v != "0");
    match (errno, disabled) {
        (Some(ENOSYS), _) => format!(
            "io_uring refused: io_uring_setup is not implemented by kernel {release} (ENOSYS); \
             lab 4 needs Linux 5.11 or later built with CONFIG_IO_URING=y"
        ),
        (Some(EPERM), Some(value)) => format!(
            "io_uring refused: kernel.io_uring_disabled = {value} (EPERM); \
             fix: sudo sysctl -w kernel.io_uring_disabled=0"
        ),
        (Some(EPERM), None) => "io_uring refused: io_uring_setup failed with EPERM, \
             most likely a seccomp filter (Docker's default profile blocks io_uring); \
             fix: run the container with --security-opt seccomp=unconfined"
            .to_string(),
        (errno, _) => format!(
            "io_uring refused: io_uring_setup failed with errno {errno:?} on kernel {release}; \
             lab 4 needs io_uring (Linux 5.11 or later)"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::explain;

    #[test]
    fn the_sysctl_is_named_when_it_refuses() {
        let line = explain(Some(1), Some("2\n"), "6.8.0");
        assert!(
            line.contains("kernel.io_uring_disabled = 2")
                && line.contains("sudo sysctl -w kernel.io_uring_disabled=0")
        );
    }

    #[test]
    fn eperm_with_the_sysctl_allowing_it_is_seccomp() {
        for disabled in [Some("0\n"), None] {
            let line = explain(Some(1), disabled, "6.8.0");
            assert!(line.contains("seccomp") && line.contains("--security-opt seccomp=unconfined"), "{line}");
        }
    }

    #[test]
    fn an_old_kernel_and_other_errors_name_the_kernel() {
        assert!(explain(Some(38), None, "5.4.0").contains("not implemented by kernel 5.4.0"));
        assert!(explain(Some(12), None, "6.8.0").contains("errno Some(12) on kernel 6.8.0"));
    }
}

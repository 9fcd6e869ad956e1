//! The one list of everything the book and the labs need from the machine:
//! how to find each thing, which part of the project needs it, and the exact
//! command that installs it. `setup` installs from this list and `doctor`
//! reports on it, so the two can never disagree.

use std::path::Path;

use crate::cmd::Cmd;

/// Which part of the project a prerequisite serves; `setup` can install one
/// part without the others (serving the book needs no MPI).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Scope {
    /// Building and serving the book.
    Book,
    /// Running the labs' tests against their real backends.
    Labs,
    /// Checks only a maintainer runs (`cargo xtask test`).
    Maintainer,
}

/// How important a missing prerequisite is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Need {
    /// Something a lab or the book cannot do without.
    Required,
    /// Useful, or needed only by part of a lab or by the maintainers' checks
    /// (Miri, the nightly-only exercise, Chromium); a warning locally and a
    /// failure in CI, where every stage must run.
    RequiredInCi,
}

/// How to install a prerequisite.
#[derive(Clone, Copy, Debug)]
pub enum Fix {
    /// Debian/Ubuntu packages; other systems get the commands printed.
    System { debian: &'static [&'static str], fedora: &'static str, brew: &'static str },
    /// `rustup target add` for the pinned toolchain.
    RustupTarget(&'static str),
    /// The nightly toolchain with the Miri and rust-src components.
    NightlyMiri,
    /// `cargo install --locked --version`.
    CargoInstall { krate: &'static str, version: &'static str },
    /// A Python package installed into `target/tools/<dir>`.
    PipTool { package: &'static str, version: &'static str, dir: &'static str },
    /// rustup itself installs the pinned toolchain on first use.
    PinnedToolchain,
    /// A setting of the kernel, the container or the machine, which `setup`
    /// cannot change; the text says what to change.
    MachineSetting(&'static str),
}

/// Finds a prerequisite in the repository at the given path: `Ok(version or
/// location)` or `Err(what is wrong)`.
pub type Probe = Box<dyn Fn(&Path) -> Result<String, String>>;

/// One thing the project needs from the machine.
pub struct Prereq {
    /// What a person calls it.
    pub name: &'static str,
    /// Which labs or tasks need it.
    pub needed_by: &'static str,
    /// Which part of the project it serves.
    pub scope: Scope,
    /// Whether missing it is an error.
    pub need: Need,
    /// Finds it: `Ok(version or location)` or `Err(what is wrong)`.
    pub probe: Probe,
    /// Installs it.
    pub fix: Fix,
}

/// The stable release named in `rust-toolchain.toml`.
pub const PINNED_RUST: &str = "1.95.0";
/// The book toolchain, pinned together (see `book.toml`).
pub const MDBOOK: &str = "0.4.52";
/// mdbook-admonish; has no release for mdBook 0.5.
pub const MDBOOK_ADMONISH: &str = "1.20.0";
/// mdbook-mermaid.
pub const MDBOOK_MERMAID: &str = "0.16.2";
/// The workflow validator: check-jsonschema with its vendored GitHub
/// workflow schema. (actionlint's PyPI wrapper ships no wheels and downloads
/// its binary from GitHub at install time, which a package-only network refuses.)
pub const CHECK_JSONSCHEMA: &str = "0.39.0";

const OPENMPI: Fix = Fix::System {
    debian: &["libopenmpi-dev", "openmpi-bin"],
    fedora: "sudo dnf install -y openmpi-devel && module load mpi/openmpi-x86_64",
    brew: "brew install open-mpi",
};
const LIBCLANG: Fix = Fix::System {
    debian: &["libclang-dev"],
    fedora: "sudo dnf install -y clang-devel",
    brew: "brew install llvm",
};
const CHROMIUM: Fix = Fix::System {
    debian: &["chromium"],
    fedora: "sudo dnf install -y chromium",
    brew: "brew install --cask chromium",
};
const QEMU: Fix = Fix::System {
    debian: &["qemu-system-misc"],
    fedora: "sudo dnf install -y qemu-system-riscv",
    brew: "brew install qemu",
};

/// Everything, in the order `setup` installs it.
pub fn all() -> Vec<Prereq> {
    vec![
        Prereq {
            name: "Rust (pinned)",
            needed_by: "everything",
            scope: Scope::Book,
            need: Need::Required,
            probe: Box::new(|root| {
                version_containing(Cmd::new("rustc").args(["--version"]).dir(root), PINNED_RUST)
            }),
            fix: Fix::PinnedToolchain,
        },
        Prereq {
            name: "OpenMPI runtime (mpirun)",
            needed_by: "lab3 (MPI)",
            scope: Scope::Labs,
            need: Need::Required,
            probe: Box::new(|_| version_containing(Cmd::new("mpirun").args(["--version"]), "Open MPI")),
            fix: OPENMPI,
        },
        Prereq {
            name: "OpenMPI headers (mpicc)",
            needed_by: "lab3 (MPI)",
            scope: Scope::Labs,
            need: Need::Required,
            probe: Box::new(|_| version_containing(Cmd::new("mpicc").args(["--showme:version"]), "Open MPI")),
            fix: OPENMPI,
        },
        Prereq {
            name: "libclang",
            needed_by: "lab3 (MPI bindings)",
            scope: Scope::Labs,
            need: Need::Required,
            probe: Box::new(|_| {
                probes::find_libclang()
                    .map(|p| p.display().to_string())
                    .ok_or_else(|| "libclang.so not found".into())
            }),
            fix: LIBCLANG,
        },
        Prereq {
            name: "io_uring (kernel)",
            needed_by: "lab4 (io_uring)",
            scope: Scope::Labs,
            need: Need::Required,
            probe: Box::new(|_| io_uring::probe()),
            fix: Fix::MachineSetting(
                "allow io_uring: the line on the left names the cause (seccomp: --security-opt \
                 seccomp=unconfined; sysctl -w kernel.io_uring_disabled=0; or Linux 5.11+)",
            ),
        },
        Prereq {
            name: "qemu-system-riscv64",
            needed_by: "lab5 (DMA on QEMU)",
            scope: Scope::Labs,
            need: Need::Required,
            probe: Box::new(|_| {
                version_containing(Cmd::new("qemu-system-riscv64").args(["--version"]), "QEMU")
            }),
            fix: QEMU,
        },
        Prereq {
            name: "target riscv64gc-unknown-none-elf",
            needed_by: "lab5 (the RISC-V guest)",
            scope: Scope::Labs,
            need: Need::Required,
            probe: Box::new(|root| rustup_target(root, "riscv64gc-unknown-none-elf")),
            fix: Fix::RustupTarget("riscv64gc-unknown-none-elf"),
        },
        Prereq {
            name: "target wasm32-unknown-unknown",
            needed_by: "lab6 (the wasm guest)",
            scope: Scope::Labs,
            need: Need::Required,
            probe: Box::new(|root| rustup_target(root, "wasm32-unknown-unknown")),
            fix: Fix::RustupTarget("wasm32-unknown-unknown"),
        },
        Prereq {
            name: "nightly + Miri",
            needed_by: "Miri checks (lab1, lab2, lab7, lab8)",
            scope: Scope::Labs,
            need: Need::RequiredInCi,
            probe: Box::new(|_| probe_miri()),
            fix: Fix::NightlyMiri,
        },
        book_tool("mdbook", MDBOOK),
        book_tool("mdbook-admonish", MDBOOK_ADMONISH),
        book_tool("mdbook-mermaid", MDBOOK_MERMAID),
        Prereq {
            name: "Chromium (headless)",
            needed_by: "cargo xtask browser, bundle (PDF)",
            scope: Scope::Maintainer,
            need: Need::Required,
            probe: Box::new(|_| {
                let program = std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".into());
                version_containing(Cmd::new(program).args(["--version"]), "Chromium")
            }),
            fix: CHROMIUM,
        },
        Prereq {
            name: "check-jsonschema",
            needed_by: "cargo xtask test (workflow files)",
            scope: Scope::Maintainer,
            need: Need::Required,
            probe: Box::new(|root| {
                version_containing(check_jsonschema(root).args(["--version"]), CHECK_JSONSCHEMA)
            }),
            fix: Fix::PipTool {
                package: "check-jsonschema",
                version: CHECK_JSONSCHEMA,
                dir: "check-jsonschema",
            },
        },
    ]
}

/// One of the pinned mdBook tools, installed with `cargo install --locked`.
fn book_tool(krate: &'static str, version: &'static str) -> Prereq {
    Prereq {
        name: krate,
        needed_by: "the book",
        scope: Scope::Book,
        need: Need::Required,
        probe: Box::new(move |_| version_containing(Cmd::new(krate).args(["--version"]), version)),
        fix: Fix::CargoInstall { krate, version },
    }
}

impl Fix {
    /// The exact command that installs the prerequisite on this machine, as
    /// a person would type it.
    pub fn command_line(&self) -> String {
        match self {
            Fix::System { debian, fedora, brew } => match crate::setup::system() {
                crate::setup::System::Debian => {
                    format!("{}apt-get install -y {}", sudo_prefix(), debian.join(" "))
                }
                crate::setup::System::Fedora => fedora.to_string(),
                crate::setup::System::MacOs => brew.to_string(),
                crate::setup::System::Other => {
                    format!("Debian: apt-get install {} | Fedora: {fedora} | macOS: {brew}", debian.join(" "))
                }
            },
            Fix::RustupTarget(target) => format!("rustup target add {target}"),
            Fix::NightlyMiri => {
                "rustup toolchain install nightly --profile minimal --component miri,rust-src && cargo +nightly miri setup"
                    .to_string()
            }
            Fix::CargoInstall { krate, version } => {
                format!("cargo install --locked --version {version} {krate}")
            }
            Fix::PipTool { .. } => "cargo xtask setup".to_string(),
            Fix::PinnedToolchain => {
                format!("rustup toolchain install {PINNED_RUST} --component rustfmt,clippy")
            }
            Fix::MachineSetting(what) => what.to_string(),
        }
    }
}

/// `sudo ` when we are not root, nothing when we are.
pub fn sudo_prefix() -> &'static str {
    let uid = Cmd::new("id").args(["-u"]).first_line();
    if uid.as_deref() == Some("0") { "" } else { "sudo " }
}

/// The workflow validator as `setup` installs it (into `target/tools`).
pub fn check_jsonschema(root: &Path) -> Cmd {
    Cmd::new("python3")
        .env("PYTHONPATH", root.join("target/tools/check-jsonschema"))
        .args(["-m", "check_jsonschema"])
}

fn version_containing(cmd: Cmd, needle: &str) -> Result<String, String> {
    let shown = cmd.shown().to_string();
    match cmd.first_line() {
        Some(line) if line.contains(needle) => Ok(line),
        Some(line) => Err(format!("found {line}, need {needle}")),
        None => Err(format!("`{shown}` not found")),
    }
}

fn rustup_target(root: &Path, target: &str) -> Result<String, String> {
    let out = Cmd::new("rustup")
        .args(["target", "list", "--installed"])
        .dir(root)
        .capture()
        .map_err(|_| "rustup not found".to_string())?;
    if out.stdout.lines().any(|line| line.trim() == target) {
        Ok("installed".into())
    } else {
        Err("not installed".into())
    }
}

/// `Ok(Miri's version)` if `cargo +nightly miri` runs with rust-src, else why not.
pub fn probe_miri() -> Result<String, String> {
    let version = Cmd::new("cargo")
        .args(["+nightly", "miri", "--version"])
        .first_line()
        .ok_or("no nightly toolchain with Miri")?;
    let components = Cmd::new("rustup")
        .args(["+nightly", "component", "list", "--installed"])
        .capture()
        .map_err(|e| e.to_string())?;
    if components.stdout.lines().any(|c| c.starts_with("rust-src")) {
        Ok(version)
    } else {
        Err("nightly has Miri but not rust-src".into())
    }
}

/// Lab 4's one line for a kernel that refuses io_uring (pure `std`).
#[path = "../../labs/lab4-io-uring/src/refused.rs"]
mod io_uring_refused;

/// Whether the kernel lets this process use io_uring, for lab 4. The
/// explanation is lab 4's own, so a failing test and `doctor` say the same.
mod io_uring {
    use super::io_uring_refused as refused;

    /// `Ok(kernel release)` if `io_uring_setup` works, else the one line
    /// naming why not and the fix.
    pub fn probe() -> Result<String, String> {
        let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
        let release = release.trim();
        match setup_errno() {
            Ok(()) => Ok(format!("io_uring_setup works (Linux {release})")),
            Err(errno) => {
                let disabled = std::fs::read_to_string(refused::SYSCTL).ok();
                Err(refused::explain(errno, disabled.as_deref(), release))
            }
        }
    }

    /// The size of `struct io_uring_params` (Linux uapi `io_uring.h`).
    const PARAMS: usize = 120;
    /// `__NR_io_uring_setup`, the same on every architecture since Linux 5.1.
    const IO_URING_SETUP: isize = 425;

    /// Creates a one-entry ring and closes it: `Err(Some(errno))` if the
    /// kernel refuses, `Err(None)` on an architecture this probe cannot
    /// make system calls on.
    fn setup_errno() -> Result<(), Option<i32>> {
        let mut params = [0u8; PARAMS];
        let ret = raw_setup(&mut params).ok_or(None)?;
        if ret < 0 {
            return Err(Some(-ret as i32));
        }
        use std::os::fd::FromRawFd;
        // SAFETY: a non-negative return is a new file descriptor that
        // nothing else owns; the File closes it.
        drop(unsafe { std::fs::File::from_raw_fd(ret as i32) });
        Ok(())
    }

    #[cfg(target_arch = "x86_64")]
    fn raw_setup(params: &mut [u8; PARAMS]) -> Option<isize> {
        let ret: isize;
        // SAFETY: io_uring_setup(1, params) writes at most
        // sizeof(io_uring_params) bytes into `params`, which is that large;
        // the syscall instruction clobbers rcx and r11 only.
        unsafe {
            std::arch::asm!("syscall", inlateout("rax") IO_URING_SETUP => ret, in("rdi") 1usize,
                in("rsi") params.as_mut_ptr(), lateout("rcx") _, lateout("r11") _, options(nostack));
        }
        Some(ret)
    }

    #[cfg(target_arch = "aarch64")]
    fn raw_setup(params: &mut [u8; PARAMS]) -> Option<isize> {
        let ret: isize;
        // SAFETY: as on x86_64; svc 0 takes the number in x8 and returns in x0.
        unsafe {
            std::arch::asm!("svc 0", in("x8") IO_URING_SETUP, inlateout("x0") 1isize => ret,
                in("x1") params.as_mut_ptr(), options(nostack));
        }
        Some(ret)
    }

    #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
    fn raw_setup(_params: &mut [u8; PARAMS]) -> Option<isize> {
        None
    }
}

//! What the lab 4 tests share: pipes and files as `File`s, a buffer that
//! counts how many of its kind are alive, a seccomp filter that makes one
//! system call fail, and exercise 4's pool with a refused registration
//! explained in one line.

#![allow(dead_code)] // each test target uses part of this

use std::cell::RefCell;
use std::fs::File;
use std::os::fd::OwnedFd;
use std::path::PathBuf;
use std::process::Command;

use lab4::{FixedPool, IoBuf, IoBufMut};

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

/// `io_uring_setup`'s system call number (the same on every architecture).
pub const IO_URING_SETUP: u32 = 425;
/// `io_uring_register`'s system call number.
pub const IO_URING_REGISTER: u32 = 427;

/// Makes `command`'s process get `errno` from system call `nr`: EPERM is
/// what Docker's default seccomp profile does to the io_uring calls, ENOSYS
/// what an old kernel does, ENOMEM what `io_uring_register` says past the
/// locked-memory limit.
pub fn refuse_syscall(command: &mut Command, nr: u32, errno: i32) {
    use std::os::unix::process::CommandExt;
    const fn stmt(code: u32, k: u32) -> libc::sock_filter {
        libc::sock_filter { code: code as u16, jt: 0, jf: 0, k }
    }
    // seccomp_data.nr is at offset 0: load it, return `errno` for `nr`.
    let filter: [libc::sock_filter; 4] = [
        stmt(libc::BPF_LD | libc::BPF_W | libc::BPF_ABS, 0),
        libc::sock_filter { code: (libc::BPF_JMP | libc::BPF_JEQ | libc::BPF_K) as u16, jt: 0, jf: 1, k: nr },
        stmt(libc::BPF_RET | libc::BPF_K, libc::SECCOMP_RET_ERRNO | errno as u32),
        stmt(libc::BPF_RET | libc::BPF_K, libc::SECCOMP_RET_ALLOW),
    ];
    let filter = Box::leak(Box::new(filter));
    let program = Box::leak(Box::new(libc::sock_fprog { len: 4, filter: filter.as_mut_ptr() }));
    // An address, so the closure is Send and Sync as pre_exec requires.
    let program = program as *const libc::sock_fprog as usize;
    let install = move || {
        // SAFETY: PR_SET_NO_NEW_PRIVS takes plain integers.
        if unsafe { libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        // SAFETY: `program` is the address of a sock_fprog leaked above,
        // valid in the child, which the kernel copies.
        if unsafe { libc::prctl(libc::PR_SET_SECCOMP, libc::SECCOMP_MODE_FILTER, program) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(())
    };
    // SAFETY: the closure makes two prctl system calls, which are
    // async-signal-safe, and allocates nothing: fine between fork and exec.
    unsafe { command.pre_exec(install) };
}

/// `FixedPool::new(count, size)`, for a test that needs a pool: a kernel
/// that refuses the registration for a reason of the machine's (the
/// locked-memory limit, a seccomp filter) fails the test with one line
/// naming the cause and the fix; any other error is the pool's.
pub fn fixed_pool(count: usize, size: usize) -> FixedPool {
    match FixedPool::new(count, size) {
        Ok(pool) => pool,
        Err(e) => match register_refused_line(&e, count * size) {
            Some(line) => timed_run::fail(line),
            None => panic!("FixedPool::new({count}, {size}) failed: {e}"),
        },
    }
}

/// The one line for an `io_uring_register` of `bytes` bytes of buffers that
/// the machine refused, or `None` if `e` is not such a refusal.
pub fn register_refused_line(e: &std::io::Error, bytes: usize) -> Option<String> {
    match e.raw_os_error()? {
        libc::ENOMEM => Some(format!(
            "io_uring refused to register {} KiB of fixed buffers: ENOMEM, over the locked-memory limit \
             (RLIMIT_MEMLOCK, `ulimit -l` says {}) that registered buffers count against; fix: `ulimit -l \
             unlimited` (or at least 8192) in the shell that runs the tests, which may need a higher hard \
             limit (memlock in /etc/security/limits.conf, LimitMEMLOCK= for a systemd unit, \
             --ulimit memlock=-1 for Docker)",
            bytes.div_ceil(1024),
            memlock_limit()
        )),
        libc::EPERM => Some(
            "io_uring refused to register fixed buffers: io_uring_register failed with EPERM, most likely \
             a seccomp filter (Docker's default profile blocks io_uring); fix: run the container with \
             --security-opt seccomp=unconfined"
                .to_string(),
        ),
        _ => None,
    }
}

/// This process's soft `RLIMIT_MEMLOCK`, as `ulimit -l` prints it.
fn memlock_limit() -> String {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit writes one rlimit through a valid pointer.
    if unsafe { libc::getrlimit(libc::RLIMIT_MEMLOCK, &mut limit) } != 0 {
        return "?".to_string();
    }
    if limit.rlim_cur == libc::RLIM_INFINITY {
        "unlimited".to_string()
    } else {
        (limit.rlim_cur / 1024).to_string()
    }
}

//! Exercise 1: `read_at` and `write_at` on the real kernel give the buffer
//! back with the result, for files and pipes, short reads, end of file and
//! errors; many operations can be in flight at once; and a kernel that
//! refuses io_uring fails with one line.

mod support;

use std::fs::{File, OpenOptions};
use std::future::Future;
use std::io::Write;
use std::pin::Pin;
use std::process::Command;
use std::task::{Context, Waker};
use std::time::Duration;

use lab4::{BufResult, block_on, driver, join_all, read_at, write_at};
use support::{file_with, pipe};

#[test]
fn a_file_round_trips() {
    let path = file_with("round-trip", b"");
    let file = OpenOptions::new().read(true).write(true).open(&path).unwrap();
    let message = b"the kernel holds the pointer".to_vec();
    let (written, message) = block_on(write_at(&file, message, 0));
    assert_eq!(written.unwrap(), 28);
    assert_eq!(message, b"the kernel holds the pointer", "write_at must give the buffer back unchanged");

    let buf = Vec::with_capacity(64);
    let before = buf.as_ptr();
    let (read, buf) = block_on(read_at(&file, buf, 0));
    assert_eq!(read.unwrap(), 28);
    assert_eq!(buf, message, "read_at must set the length to the bytes read");
    assert_eq!(buf.as_ptr(), before, "read_at must give back the same allocation");
}

#[test]
fn a_pipe_round_trips() {
    let (reader, writer) = pipe();
    let (written, _) = block_on(write_at(&writer, b"through a pipe".to_vec(), 0));
    assert_eq!(written.unwrap(), 14);
    let (read, buf) = block_on(read_at(&reader, Vec::with_capacity(100), 0));
    assert_eq!(read.unwrap(), 14);
    assert_eq!(buf, b"through a pipe");
}

#[test]
fn reads_are_short_at_the_end_and_zero_past_it() {
    let path = file_with("short", b"0123456789");
    let file = File::open(&path).unwrap();
    let (read, buf) = block_on(read_at(&file, Vec::with_capacity(64), 4));
    assert_eq!(read.unwrap(), 6, "a read past the end of the data is short");
    assert_eq!(buf, b"456789");
    let (read, buf) = block_on(read_at(&file, Vec::with_capacity(64), 10));
    assert_eq!(read.unwrap(), 0, "a read at the end of the file reads 0 bytes");
    assert!(buf.is_empty());
}

#[test]
fn an_error_hands_the_buffer_back() {
    let path = file_with("write-only", b"secret");
    let file = OpenOptions::new().write(true).open(&path).unwrap();
    let buf = Vec::with_capacity(32);
    let before = buf.as_ptr();
    let (read, buf) = block_on(read_at(&file, buf, 0));
    let err = read.expect_err("reading a write-only file must fail");
    assert_eq!(err.raw_os_error(), Some(libc::EBADF), "{err}");
    assert_eq!((buf.as_ptr(), buf.capacity(), buf.len()), (before, 32, 0), "the buffer comes back untouched");
}

#[test]
fn many_operations_are_in_flight_at_once() {
    const N: usize = 64;
    let pipes: Vec<(File, File)> = (0..N).map(|_| pipe()).collect();
    type Read<'a> = Pin<Box<dyn Future<Output = BufResult<usize, Vec<u8>>> + 'a>>;
    let mut reads: Vec<Read<'_>> = pipes
        .iter()
        .map(|(reader, _)| Box::pin(read_at(reader, Vec::with_capacity(16), 0)) as Read<'_>)
        .collect();
    let mut cx = Context::from_waker(Waker::noop());
    for read in &mut reads {
        assert!(read.as_mut().poll(&mut cx).is_pending(), "nothing was written yet");
    }
    assert_eq!(driver::in_flight(), N, "every read is submitted before any completes");
    for (i, (_, writer)) in pipes.iter().enumerate() {
        (&*writer).write_all(format!("pipe {i:02}").as_bytes()).unwrap();
    }
    for (i, (read, buf)) in block_on(join_all(reads)).into_iter().enumerate() {
        assert_eq!(read.unwrap(), 7);
        assert_eq!(buf, format!("pipe {i:02}").as_bytes());
    }
    assert_eq!(driver::in_flight(), 0);
}

/// Runs in a child whose seccomp filter refuses `io_uring_setup`.
#[test]
#[ignore = "run by the refused-ring tests, in a child process"]
fn refused_child() {
    let path = file_with("refused", b"x");
    let file = File::open(&path).unwrap();
    let _ = block_on(read_at(&file, Vec::with_capacity(8), 0));
}

#[test]
fn a_refused_ring_fails_with_one_line() {
    let printed = run_refused(libc::EPERM);
    assert!(
        printed.contains("io_uring refused: io_uring_setup failed with EPERM")
            && printed.contains("--security-opt seccomp=unconfined"),
        "with io_uring_setup refused (EPERM), a lab 4 test must fail with the one line naming \
         seccomp and its fix; the child printed:\n{printed}"
    );
}

#[test]
fn a_kernel_without_io_uring_fails_with_one_line() {
    let printed = run_refused(libc::ENOSYS);
    assert!(
        printed.contains("io_uring refused: io_uring_setup is not implemented by kernel")
            && printed.contains("Linux 5.11 or later"),
        "with io_uring_setup missing (ENOSYS), a lab 4 test must fail with the one line naming \
         the kernel; the child printed:\n{printed}"
    );
}

/// Runs `refused_child` in a child process whose `io_uring_setup` fails
/// with `errno`, and returns everything it printed.
fn run_refused(errno: i32) -> String {
    let mut child = Command::new(std::env::current_exe().unwrap());
    child.args(["--exact", "refused_child", "--include-ignored", "--test-threads=1"]);
    refuse_io_uring_setup(&mut child, errno);
    let out = timed_run::run(child, Duration::from_secs(20), "the test under a seccomp filter").unwrap();
    format!("{}{}", out.stdout, out.stderr)
}

/// Makes `command`'s process get `errno` from `io_uring_setup`: EPERM is
/// what Docker's default seccomp profile does, ENOSYS what an old kernel does.
fn refuse_io_uring_setup(command: &mut Command, errno: i32) {
    use std::os::unix::process::CommandExt;
    const IO_URING_SETUP: u32 = 425;
    const fn stmt(code: u32, k: u32) -> libc::sock_filter {
        libc::sock_filter { code: code as u16, jt: 0, jf: 0, k }
    }
    // seccomp_data.nr is at offset 0: load it, return EPERM for io_uring_setup.
    let filter: [libc::sock_filter; 4] = [
        stmt(libc::BPF_LD | libc::BPF_W | libc::BPF_ABS, 0),
        libc::sock_filter {
            code: (libc::BPF_JMP | libc::BPF_JEQ | libc::BPF_K) as u16,
            jt: 0,
            jf: 1,
            k: IO_URING_SETUP,
        },
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

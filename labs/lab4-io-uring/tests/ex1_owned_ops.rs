//! Exercise 1: `read_at` and `write_at` on the real kernel give the buffer
//! back with the result, for files and pipes, short reads, end of file and
//! errors; many operations can be in flight at once; and a kernel that
//! refuses io_uring fails with one line.

mod support;

use std::fs::{File, OpenOptions};
use std::future::Future;
use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::pin::Pin;
use std::process::Command;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use lab4::{BufResult, block_on, driver, join_all, read_at, write_at};
use support::{IO_URING_SETUP, file_with, pipe, refuse_syscall};

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

#[test]
fn write_at_sends_only_the_initialised_bytes() {
    let path = file_with("write-len", b"");
    let file = OpenOptions::new().read(true).write(true).open(&path).unwrap();
    // Four initialised bytes in a 64-byte allocation whose spare capacity
    // holds `#`s: a write of the capacity would put them in the file.
    let mut buf = vec![b'#'; 64];
    buf.truncate(4);
    buf.copy_from_slice(b"WXYZ");
    let before = (buf.as_ptr(), buf.len(), buf.capacity());
    let (written, buf) = block_on(write_at(&file, buf, 0));
    let on_disk = std::fs::read(&path).unwrap();
    assert_eq!(
        on_disk, b"WXYZ",
        "write_at must send the kernel exactly buf[..len] (4 bytes here), not the capacity (64)"
    );
    assert_eq!(written.unwrap(), 4, "write_at returns the number of bytes the kernel wrote");
    assert_eq!(
        (buf.as_ptr(), buf.len(), buf.capacity(), &buf[..]),
        (before.0, before.1, before.2, &b"WXYZ"[..]),
        "write_at gives the same buffer back, unchanged"
    );
}

#[test]
fn write_at_writes_at_the_offset_given() {
    let path = file_with("write-offset", b"0123456789abcdef");
    let file = OpenOptions::new().read(true).write(true).open(&path).unwrap();
    let (written, _) = block_on(write_at(&file, b"WXYZ".to_vec(), 6));
    assert_eq!(written.unwrap(), 4);
    assert_eq!(
        String::from_utf8_lossy(&std::fs::read(&path).unwrap()),
        "012345WXYZabcdef",
        "write_at(file, buf, 6) must overwrite bytes 6..10 of the file and nothing else"
    );
}

#[test]
fn an_empty_write_writes_nothing_and_succeeds() {
    let path = file_with("write-empty", b"keep");
    let file = OpenOptions::new().write(true).open(&path).unwrap();
    let (written, buf) = block_on(write_at(&file, Vec::with_capacity(16), 2));
    assert_eq!(
        written.expect("a write of 0 bytes is not an error: the kernel returns 0"),
        0,
        "an empty buffer writes 0 bytes"
    );
    assert_eq!((buf.len(), buf.capacity()), (0, 16), "the buffer comes back unchanged");
    assert_eq!(std::fs::read(&path).unwrap(), b"keep", "an empty write leaves the file alone");
}

#[test]
fn a_failed_write_hands_the_buffer_back_with_the_error() {
    let path = file_with("read-only", b"original");
    let file = File::open(&path).unwrap();
    let mut buf = Vec::with_capacity(32);
    buf.extend_from_slice(b"must not land");
    let before = (buf.as_ptr(), buf.len(), buf.capacity());
    let (written, buf) = block_on(write_at(&file, buf, 0));
    let err = written.expect_err("writing to a file opened read-only must fail");
    assert_eq!(
        err.raw_os_error(),
        Some(libc::EBADF),
        "the kernel's result is -EBADF: write_at must turn -errno into the error errno ({err})"
    );
    assert_eq!(
        (buf.as_ptr(), buf.len(), buf.capacity(), &buf[..]),
        (before.0, before.1, before.2, &b"must not land"[..]),
        "a failed write gives the same buffer back, unchanged"
    );
    assert_eq!(std::fs::read(&path).unwrap(), b"original");
}

#[test]
fn a_short_write_returns_what_the_kernel_took() {
    let (reader, writer) = pipe();
    // A one-page, non-blocking pipe: the kernel takes what fits and says how
    // much, instead of waiting for a reader.
    // SAFETY: fcntl on a descriptor this test owns, with integer arguments.
    let page = unsafe { libc::fcntl(writer.as_raw_fd(), libc::F_SETPIPE_SZ, 4096) };
    assert!(page > 0, "F_SETPIPE_SZ: {}", std::io::Error::last_os_error());
    set_nonblocking(&writer);
    set_nonblocking(&reader);
    let message: Vec<u8> = (0..4 * 65536).map(|i| (i % 251) as u8).collect();
    let (written, message) = block_on(write_at(&writer, message, 0));
    let n = written.expect("a write to an empty non-blocking pipe takes what fits");
    let mut taken = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match (&reader).read(&mut chunk) {
            Ok(0) => break,
            Ok(k) => taken.extend_from_slice(&chunk[..k]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
            Err(e) => panic!("reading the pipe back: {e}"),
        }
    }
    assert!(taken.len() < message.len(), "a {page}-byte pipe cannot hold the whole message");
    assert_eq!(
        n,
        taken.len(),
        "the pipe took {} of {} bytes: write_at must return the kernel's count, not the length it asked for",
        taken.len(),
        message.len()
    );
    assert_eq!(taken, message[..n], "the bytes written are the start of the buffer");
}

/// Sets `O_NONBLOCK` on `file`.
fn set_nonblocking(file: &File) {
    // SAFETY: fcntl on a descriptor the caller owns, with integer arguments.
    let flags = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_GETFL) };
    assert!(flags >= 0, "fcntl(F_GETFL): {}", std::io::Error::last_os_error());
    // SAFETY: as above.
    let set = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_SETFL, flags | libc::O_NONBLOCK) };
    assert_eq!(set, 0, "fcntl(O_NONBLOCK): {}", std::io::Error::last_os_error());
}

#[test]
fn a_read_overwrites_from_the_start_and_never_shortens_the_buffer() {
    let path = file_with("overwrite", b"abc");
    let file = File::open(&path).unwrap();
    let buf = b"........".to_vec();
    let before = buf.as_ptr();
    let (read, buf) = block_on(read_at(&file, buf, 0));
    assert_eq!(read.unwrap(), 3, "the file holds 3 bytes");
    assert_eq!(
        String::from_utf8_lossy(&buf),
        "abc.....",
        "a read writes from the start of the buffer, and set_init(3) never shrinks an 8-byte Vec"
    );
    assert_eq!(buf.as_ptr(), before);
}

#[test]
fn reads_completing_out_of_order_each_get_their_own_bytes() {
    let (reader, writer) = pipe();
    let path = file_with("out-of-order", b"from the file");
    let file = File::open(&path).unwrap();
    let pipe_buf = Vec::with_capacity(32);
    let file_buf = Vec::with_capacity(32);
    let (pipe_ptr, file_ptr) = (pipe_buf.as_ptr(), file_buf.as_ptr());
    // The pipe read is submitted first and completes last: nobody has
    // written to the pipe yet.
    let mut from_pipe = Box::pin(read_at(&reader, pipe_buf, 0));
    let mut from_file = Box::pin(read_at(&file, file_buf, 0));
    let mut cx = Context::from_waker(Waker::noop());
    let _ = from_pipe.as_mut().poll(&mut cx);
    let (file_read, file_buf) = loop {
        if let Poll::Ready(done) = from_file.as_mut().poll(&mut cx) {
            break done;
        }
        driver::wait();
    };
    let pipe_was_pending = from_pipe.as_mut().poll(&mut cx).is_pending();
    // Complete the pipe read before checking anything, so that a failed
    // check drops no read still in flight.
    (&writer).write_all(b"from the pipe, later").unwrap();
    let (pipe_read, pipe_buf) = block_on(from_pipe);
    assert!(pipe_was_pending, "the pipe read cannot complete before anything is written to the pipe");
    assert_eq!(file_read.unwrap(), 13);
    assert_eq!(
        (&file_buf[..], file_buf.as_ptr()),
        (&b"from the file"[..], file_ptr),
        "the file read, submitted second and completing first, gets its own buffer and bytes"
    );
    assert_eq!(pipe_read.unwrap(), 20);
    assert_eq!(
        (&pipe_buf[..], pipe_buf.as_ptr()),
        (&b"from the pipe, later"[..], pipe_ptr),
        "the pipe read, submitted first and completing last, gets its own buffer and bytes"
    );
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
    // EPERM is what Docker's default seccomp profile does, ENOSYS what an
    // old kernel does.
    refuse_syscall(&mut child, IO_URING_SETUP, errno);
    let out = timed_run::run(child, Duration::from_secs(20), "the test under a seccomp filter").unwrap();
    timed_run::fail_if_stub(
        &out,
        "this test runs your `read_at` in a child process whose kernel refuses io_uring, and checks the message it fails with",
    );
    format!("{}{}", out.stdout, out.stderr)
}

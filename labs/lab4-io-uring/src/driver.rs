//! A single-threaded io_uring driver, one per thread (given): it submits
//! entries, reaps completions and remembers each result until the
//! operation's future takes it. A completion for an operation whose future
//! was dropped goes to the [`Orphans`] table instead, which you write in
//! exercise 2. It also registers fixed buffers for exercise 4.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io;
use std::os::fd::{AsRawFd, RawFd};
use std::time::Duration;

use io_uring::{IoUring, opcode, squeue, types};

use crate::orphans::Orphans;
use crate::refused;

/// Entries in the submission queue: how many operations can be submitted
/// before the driver must enter the kernel.
const ENTRIES: u32 = 256;

/// The `user_data` of the cancellation requests; their completions are ignored.
const CANCEL: u64 = u64::MAX;

/// How long [`wait`] waits for one completion before it says something is
/// stuck, so that a wrong answer fails in seconds instead of hanging.
pub const STUCK: Duration = Duration::from_secs(5);

/// The ring, and what is known about every operation submitted on it.
struct Driver {
    ring: IoUring,
    /// The `user_data` of the next operation.
    next_key: u64,
    /// Operations submitted whose completion has not been reaped.
    in_flight: usize,
    /// Results reaped and not yet taken by their future.
    done: HashMap<u64, i32, KeyHash>,
    /// Buffers of operations whose future was dropped before the completion.
    orphans: Orphans,
    /// How many operations went to `orphans` and have not completed. While
    /// it is 0 the table is not consulted, so exercise 1 runs without
    /// exercise 2's table.
    abandoned: usize,
}

/// Keys are sequential numbers that no one outside chooses, so they need no
/// DoS-resistant hash: one multiplication spreads them over the table.
type KeyHash = BuildHasherDefault<KeyHasher>;

/// Fibonacci hashing of a `u64` key.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

impl Drop for Driver {
    /// The thread is ending. Closing the ring does not wait for the kernel
    /// to let go of the buffers of operations still in flight, so if there
    /// are any, their parked buffers are leaked: sound, where freeing them
    /// would not be.
    fn drop(&mut self) {
        let _ = RING_FD.try_with(|fd| fd.set(-1));
        if self.in_flight > 0 {
            std::mem::forget(std::mem::take(&mut self.orphans));
        }
    }
}

thread_local! {
    static DRIVER: RefCell<Option<Driver>> = const { RefCell::new(None) };
    /// The driver's ring's descriptor while the ring is open, else -1.
    static RING_FD: Cell<RawFd> = const { Cell::new(-1) };
}

/// `io_uring_register`'s opcode that ends the registration of buffers.
const IORING_UNREGISTER_BUFFERS: libc::c_uint = 1;

/// Runs `f` on this thread's driver, creating it on first use. A kernel that
/// refuses io_uring panics here with one line naming the cause and the fix.
fn with<R>(f: impl FnOnce(&mut Driver) -> R) -> R {
    DRIVER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let driver = slot.get_or_insert_with(|| match IoUring::new(ENTRIES) {
            Ok(ring) => Driver {
                ring: {
                    RING_FD.with(|fd| fd.set(ring.as_raw_fd()));
                    ring
                },
                next_key: 0,
                in_flight: 0,
                done: HashMap::with_capacity_and_hasher(ENTRIES as usize, KeyHash::default()),
                orphans: Orphans::new(),
                abandoned: 0,
            },
            Err(e) => panic!("{}", refused_line(&e)),
        });
        f(driver)
    })
}

/// The one line for a failed `io_uring_setup`.
pub fn refused_line(e: &io::Error) -> String {
    let disabled = std::fs::read_to_string(refused::SYSCTL).ok();
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    refused::explain(e.raw_os_error(), disabled.as_deref(), release.trim())
}

/// Queues `entry` for submission and returns the key (`user_data`) its
/// completion will carry. The kernel sees it at the next [`wait`] (or
/// [`abandon`]), or at once if the submission queue is full.
///
/// # Safety
///
/// Every pointer in `entry` must stay valid, for the access the operation
/// makes, until its completion has been reaped: in this lab that means the
/// buffer it points into is owned by an [`Op`](crate::op::Op), and from the
/// Op by this driver's orphan table if the Op is dropped first.
pub unsafe fn submit(entry: squeue::Entry) -> u64 {
    with(|d| {
        d.next_key += 1;
        let key = d.next_key;
        let entry = entry.user_data(key);
        // SAFETY: the caller keeps the entry's buffer alive until completion.
        while unsafe { d.ring.submission().push(&entry) }.is_err() {
            // The queue is full: hand what is queued to the kernel, then retry.
            d.ring.submit().expect("io_uring_enter failed");
        }
        // No system call here: `wait` submits everything queued and waits
        // in one io_uring_enter, so 32 reads cost one call, not 32.
        d.in_flight += 1;
        key
    })
}

/// The result of operation `key`, if its completion has been reaped; taking
/// it forgets the operation.
pub fn take_result(key: u64) -> Option<i32> {
    with(|d| d.done.remove(&key))
}

/// The future of operation `key` was dropped while it owned `buf`. If the
/// completion already arrived, `buf` is freed now; otherwise it goes to the
/// orphan table, and the kernel is asked to cancel the operation (a request:
/// the completion still has to arrive before `buf` may go).
pub fn abandon(key: u64, buf: Box<dyn Any>) {
    let completed = with(|d| d.done.remove(&key).is_some());
    if completed {
        drop(buf);
        return;
    }
    with(|d| {
        d.orphans.park(key, buf);
        d.abandoned += 1;
        let cancel = opcode::AsyncCancel::new(key).build().user_data(CANCEL);
        // SAFETY: a cancellation points at no memory.
        if unsafe { d.ring.submission().push(&cancel) }.is_ok() {
            let _ = d.ring.submit();
        }
    });
}

/// Waits until at least one completion arrives and files every completion
/// there is. Panics if nothing arrives within [`STUCK`].
pub fn wait() {
    with(|d| {
        assert!(d.in_flight > 0, "waiting for a completion, but no operation is in flight");
        // Hand the kernel what is queued first: a read from the page cache
        // completes during the submission itself, and then there is nothing
        // to wait for. Waiting with a time limit arms a kernel timer, a cost
        // per call that only an operation that really waits should pay.
        let submitted = d.ring.submission().is_empty() || d.ring.submit().is_ok();
        if submitted && !d.ring.completion().is_empty() {
            reap(d);
            return;
        }
        let limit = types::Timespec::from(STUCK);
        let args = types::SubmitArgs::new().timespec(&limit);
        loop {
            match d.ring.submitter().submit_with_args(1, &args) {
                Ok(_) => break,
                Err(e) if e.raw_os_error() == Some(libc_errno::EINTR) => continue,
                Err(e) if e.raw_os_error() == Some(libc_errno::ETIME) => {
                    panic!(
                        "no io_uring completion within {STUCK:?}: an operation waits on data that never comes"
                    )
                }
                Err(e) => panic!("io_uring_enter failed: {e}"),
            }
        }
        reap(d);
    })
}

/// Files every completion in the queue.
fn reap(d: &mut Driver) {
    for cqe in d.ring.completion() {
        let key = cqe.user_data();
        if key == CANCEL {
            continue;
        }
        d.in_flight -= 1;
        if d.abandoned > 0 && d.orphans.complete(key) {
            d.abandoned -= 1;
        } else {
            d.done.insert(key, cqe.result());
        }
    }
}

/// Registers `buffers` with this thread's ring as its fixed buffers (given,
/// for exercise 4): an `opcode::ReadFixed`/`WriteFixed` entry then names
/// buffer `i` of the slice by `buf_index = i`, with an address and length
/// inside it. The kernel pins the pages and charges them to the locked-memory
/// limit (`RLIMIT_MEMLOCK`, `ulimit -l`) unless the process has
/// `CAP_IPC_LOCK`: past the limit this fails with `ENOMEM`. A ring has one
/// table of fixed buffers: while one is registered, this fails with `EBUSY`.
///
/// # Safety
///
/// Every iovec must describe memory that stays allocated, and that nothing
/// but the fixed operations naming it writes or frees, until the
/// registration is over and no operation naming it is in flight: the kernel
/// may write there whenever a fixed read on it runs. The registration is
/// over when [`unregister_buffers`] returns `Ok`, or when the ring closes.
pub unsafe fn register_buffers(buffers: &[libc::iovec]) -> io::Result<()> {
    // SAFETY: the caller keeps the memory valid for the kernel's use.
    with(|d| unsafe { d.ring.submitter().register_buffers(buffers) })
}

/// Ends this thread's registration of fixed buffers (given, for exercise 4):
/// no new fixed operation can name them afterwards (one that tries fails
/// with `EFAULT`). Operations already in flight on them keep them until
/// their completions arrive; a kernel may make this call wait for those
/// completions, which for a read nobody feeds is for ever. If the thread's
/// ring is already closed (the thread is ending), the registration went
/// with it: `Ok`.
///
/// This is the one function of the driver that a buffer's `Drop` may call
/// when the driver drops it, as it does an orphan's at its completion.
pub fn unregister_buffers() -> io::Result<()> {
    // The ring's descriptor, not the driver: the driver may be busy filing
    // the completion whose buffer is being dropped.
    let fd = RING_FD.with(Cell::get);
    if fd < 0 {
        return Ok(());
    }
    // SAFETY: IORING_UNREGISTER_BUFFERS on this thread's open ring takes no
    // argument memory.
    let result = unsafe {
        libc::syscall(libc::SYS_io_uring_register, fd, IORING_UNREGISTER_BUFFERS, std::ptr::null::<u8>(), 0)
    };
    if result < 0 { Err(io::Error::last_os_error()) } else { Ok(()) }
}

/// Operations submitted on this thread whose completion has not arrived.
pub fn in_flight() -> usize {
    with(|d| d.in_flight)
}

/// Buffers this thread's driver is keeping for dropped operations.
pub fn orphaned() -> usize {
    with(|d| d.orphans.len())
}

/// The two error numbers [`wait`] handles (Linux's values, for every architecture).
mod libc_errno {
    pub const EINTR: i32 = 4;
    pub const ETIME: i32 = 62;
}

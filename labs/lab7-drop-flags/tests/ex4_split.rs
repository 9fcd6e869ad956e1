//! Exercise 4 (stretch): an owning reference to a whole array, split into one
//! owning reference per element. Each element must be dropped or moved out
//! exactly once, where it lies, by its own part, never by the whole; the
//! slot's flag must count exactly the parts still alive, checked directly
//! where a test builds the slot by hand; forgetting any one part must make
//! the slot's trap abort (in a child process, as exercise 3's tests do).

// On the stubs `slot!` is a `todo!()`, so the code after it is unreachable
// until exercise 1 is done.
#![cfg_attr(
    not(feature = "solution"),
    allow(unreachable_code, unused_variables, clippy::diverging_sub_expression)
)]

use std::cell::RefCell;
use std::mem::{self, MaybeUninit};
use std::os::unix::process::ExitStatusExt;
use std::panic::{self, AssertUnwindSafe};
use std::ptr;
use std::time::Duration;

use lab7::TRAP_MESSAGE;
use lab7::loopback::Loopback;
use lab7::slot;
use lab7::slot::{DropFlag, MoveRef, Slot};
use lab7::split::{split, split_pinned};
use lab7::tracked::{DropCounter, Tracked};

/// A value that writes down which one it is and where it was when it was
/// dropped, and panics in its destructor if it is the one told to.
struct Placed<'log> {
    id: usize,
    log: &'log RefCell<Vec<(usize, usize)>>,
    panics: bool,
}

impl Drop for Placed<'_> {
    fn drop(&mut self) {
        self.log.borrow_mut().push((self.id, self as *const Placed<'_> as usize));
        // Not while unwinding already (a stub's `todo!()`): that aborts.
        if self.panics && !std::thread::panicking() {
            panic!("on purpose, from the destructor of element {}", self.id);
        }
    }
}

/// Three `Placed` values; the one at `panics_at` (if any) panics when dropped.
fn three<'log>(log: &'log RefCell<Vec<(usize, usize)>>, panics_at: Option<usize>) -> [Placed<'log>; 3] {
    std::array::from_fn(|id| Placed { id, log, panics: panics_at == Some(id) })
}

/// A part a failing test forgets instead of dropping: with a wrong count,
/// dropping it while the failure unwinds would panic again in its `dec`,
/// and a second panic aborts the whole test binary.
struct Held<P>(Option<P>);

impl<P> Held<P> {
    fn new(part: P) -> Self {
        Held(Some(part))
    }

    fn take(mut self) -> P {
        self.0.take().expect("a held part is taken once")
    }

    fn get(&self) -> &P {
        self.0.as_ref().expect("a held part is taken once")
    }

    fn get_mut(&mut self) -> &mut P {
        self.0.as_mut().expect("a held part is taken once")
    }
}

impl<P> Drop for Held<P> {
    fn drop(&mut self) {
        if let Some(part) = self.0.take()
            && std::thread::panicking()
        {
            mem::forget(part);
        }
    }
}

/// Splits and holds each part.
fn split_held<'frame, T, const N: usize>(whole: MoveRef<'frame, [T; N]>) -> [Held<MoveRef<'frame, T>>; N] {
    split(whole).map(Held::new)
}

/// The message of a caught panic.
fn message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

/// Drops one part; a panic that is not the value's own destructor's is
/// explained in words.
fn drop_part<T>(part: Held<MoveRef<'_, T>>, which: &str) -> Result<(), String> {
    let part = part.take();
    match panic::catch_unwind(AssertUnwindSafe(|| drop(part))) {
        Ok(()) => Ok(()),
        Err(payload) => Err(message(&*payload)),
    }
    .map_err(|why| {
        if why.contains("nothing alive") {
            format!(
                "dropping {which} panicked with `{why}`: the flag counted fewer live values than split handed out \
                 parts; it must count each element"
            )
        } else {
            why
        }
    })
}

/// Drops one part, failing the test if that panicked.
fn drop_ok<T>(part: Held<MoveRef<'_, T>>, which: &str) {
    if let Err(why) = drop_part(part, which) {
        panic!("{why}");
    }
}

#[test]
fn each_part_owns_its_element_in_index_order() {
    let counter = DropCounter::new();
    let mut storage = MaybeUninit::uninit();
    let flag = DropFlag::new();
    // SAFETY: this test checks the flag itself before the storage goes away.
    let slot = unsafe { Slot::new(&mut storage, &flag) };
    let whole = slot.put([counter.track(10), counter.track(11), counter.track(12)]);
    let base = whole.as_ptr();
    let parts = split_held(whole);
    assert_eq!(counter.drops(), 0, "split must not drop any element: each part owns its element now");
    for (i, part) in parts.iter().enumerate() {
        let element: &Tracked<'_> = part.get();
        assert_eq!(element.value, 10 + i as u64, "part {i} must own element {i}");
        assert!(
            ptr::eq(element, base.wrapping_add(i)),
            "part {i} must point at element {i} where it lies in the slot, not at a copy"
        );
    }
    assert!(!flag.is_dead(), "three elements are alive in the slot: the flag must be up");
    for (i, part) in parts.into_iter().enumerate() {
        drop_ok(part, &format!("part {i}"));
    }
    assert_eq!(counter.drops(), 3, "dropping the three parts drops each element once");
    assert!(
        flag.is_dead(),
        "every part was dropped: the flag must be dead, or the trap aborts a correct program"
    );
}

#[test]
fn dropping_the_parts_drops_each_element_once_where_it_lies() {
    let log = RefCell::new(Vec::new());
    let mut storage = MaybeUninit::uninit();
    let flag = DropFlag::new();
    // SAFETY: this test checks the flag itself before the storage goes away.
    let slot = unsafe { Slot::new(&mut storage, &flag) };
    let whole = slot.put(three(&log, None));
    let at: Vec<usize> = (0..3).map(|i| whole.as_ptr().wrapping_add(i) as usize).collect();
    let [p0, p1, p2] = split_held(whole);
    assert!(log.borrow().is_empty(), "split dropped {:?} (id, address): it must drop nothing", log.borrow());
    drop_ok(p2, "part 2");
    assert_eq!(
        *log.borrow(),
        [(2, at[2])],
        "dropping part 2 must drop element 2, in place, and nothing else"
    );
    assert!(!flag.is_dead(), "parts 0 and 1 are alive: the flag must still be up");
    drop_ok(p0, "part 0");
    assert!(!flag.is_dead(), "part 1 is alive: the flag must still be up");
    drop_ok(p1, "part 1");
    assert_eq!(
        *log.borrow(),
        [(2, at[2]), (0, at[0]), (1, at[1])],
        "each part drops its own element once, where it lies, when that part is dropped"
    );
    assert!(
        flag.is_dead(),
        "the last part was dropped: the flag must be dead, or the trap aborts a correct program"
    );
}

#[test]
fn into_inner_moves_each_element_out_once() {
    let counter = DropCounter::new();
    let mut storage = MaybeUninit::uninit();
    let flag = DropFlag::new();
    // SAFETY: this test checks the flag itself before the storage goes away.
    let slot = unsafe { Slot::new(&mut storage, &flag) };
    let [a, b, c] = split_held(slot.put([counter.track(1), counter.track(2), counter.track(3)]));
    let b = MoveRef::into_inner(b.take());
    let a = MoveRef::into_inner(a.take());
    assert!(!flag.is_dead(), "part 2 still owns element 2 in the slot: the flag must be up");
    drop_ok(c, "part 2");
    assert!(flag.is_dead(), "two elements moved out and one dropped: the flag must be dead");
    assert_eq!(counter.drops(), 1, "only element 2 was dropped; the two moved out are alive");
    assert_eq!((a.value, b.value), (1, 2), "into_inner on part i must hand back element i");
    drop((a, b));
    assert_eq!(counter.drops(), 3, "each element dropped exactly once, two of them by their new owner");
}

#[test]
fn an_empty_array_leaves_nothing_counted() {
    let mut storage = MaybeUninit::uninit();
    let flag = DropFlag::new();
    // SAFETY: this test checks the flag itself before the storage goes away.
    let slot = unsafe { Slot::new(&mut storage, &flag) };
    let empty: [Tracked<'_>; 0] = [];
    let parts: [MoveRef<'_, _>; 0] = split(slot.put(empty));
    assert!(
        flag.is_dead(),
        "an empty array splits into no parts, so nothing is left to count: the flag must be dead, or the trap \
         aborts a correct program"
    );
    assert!(parts.is_empty());
}

#[test]
fn a_forgotten_part_at_any_position_keeps_the_flag_up() {
    for forgotten in 0..3 {
        let log = RefCell::new(Vec::new());
        let mut storage = MaybeUninit::uninit();
        let flag = DropFlag::new();
        // SAFETY: this test checks the flag itself before the storage goes
        // away (and the forgotten element only leaks: it borrows `log`).
        let slot = unsafe { Slot::new(&mut storage, &flag) };
        for (i, part) in split_held(slot.put(three(&log, None))).into_iter().enumerate() {
            if i == forgotten {
                mem::forget(part.take());
            } else {
                drop_ok(part, &format!("part {i} (part {forgotten} forgotten)"));
            }
        }
        assert!(
            !flag.is_dead(),
            "part {forgotten} was forgotten and the other two dropped: element {forgotten} is still in the slot, \
             so the flag must still be up (the trap must see it)"
        );
        let dropped: Vec<usize> = log.borrow().iter().map(|&(id, _)| id).collect();
        let expected: Vec<usize> = (0..3).filter(|&i| i != forgotten).collect();
        assert_eq!(dropped, expected, "only the parts that were dropped drop their elements");
    }
}

#[test]
fn a_destructor_that_panics_at_any_position_still_drops_the_rest() {
    for panics_at in 0..3 {
        let log = RefCell::new(Vec::new());
        let mut storage = MaybeUninit::uninit();
        let flag = DropFlag::new();
        // SAFETY: this test checks the flag itself before the storage goes away.
        let slot = unsafe { Slot::new(&mut storage, &flag) };
        let parts = split_held(slot.put(three(&log, Some(panics_at))));
        assert!(log.borrow().is_empty(), "split must drop nothing");
        // One part at a time first: each panic is caught where it happens.
        for (i, part) in parts.into_iter().enumerate() {
            match drop_part(part, &format!("part {i}")) {
                Ok(()) => assert_ne!(
                    i, panics_at,
                    "element {i}'s destructor panicked, but dropping part {i} did not"
                ),
                Err(why) => {
                    assert_eq!(i, panics_at, "dropping part {i} panicked: {why}");
                    assert!(why.contains("on purpose"), "dropping part {i} panicked: {why}");
                }
            }
        }
        let dropped: Vec<usize> = log.borrow().iter().map(|&(id, _)| id).collect();
        assert_eq!(
            dropped,
            [0, 1, 2],
            "every element must be dropped once, also the one whose destructor panicked"
        );
        assert!(
            flag.is_dead(),
            "element {panics_at}'s destructor panicked, and it still counts as dropped: the flag must be dead when \
             the unwind reaches the trap"
        );

        // Then all at once, as a scope's end drops them: the others are
        // dropped while element `panics_at`'s panic unwinds.
        log.borrow_mut().clear();
        let mut storage = MaybeUninit::uninit();
        let flag = DropFlag::new();
        // SAFETY: this test checks the flag itself before the storage goes away.
        let slot = unsafe { Slot::new(&mut storage, &flag) };
        let parts = split(slot.put(three(&log, Some(panics_at))));
        let result = panic::catch_unwind(AssertUnwindSafe(|| drop(parts)));
        assert!(result.is_err(), "element {panics_at}'s destructor panicked: dropping the parts must panic");
        let dropped: Vec<usize> = log.borrow().iter().map(|&(id, _)| id).collect();
        assert_eq!(dropped, [0, 1, 2], "dropping the parts together must drop every element once, in order");
        assert!(flag.is_dead(), "every element counts as dropped: the flag must be dead");
    }
}

#[test]
fn pinned_parts_stay_where_they_lie() {
    let counter = DropCounter::new();
    {
        let mut storage = MaybeUninit::uninit();
        let flag = DropFlag::new();
        // SAFETY: this test checks the flag itself before the storage goes away.
        let slot = unsafe { Slot::new(&mut storage, &flag) };
        let whole = slot.pin([0, 1, 2].map(|i| Loopback::new(&format!("element {i}"), &counter)));
        let base = whole.as_ptr();
        let mut parts = split_pinned(whole).map(Held::new);
        for part in &mut parts {
            part.get_mut().as_mut().init();
        }
        // Moving the parts moves pointers, never the elements.
        let mut moved: Vec<_> = parts.into_iter().collect();
        for (i, part) in moved.iter().enumerate() {
            let element: &Loopback<'_> = part.get();
            assert_eq!(element.label, format!("element {i}"), "pinned part {i} must own element {i}");
            assert!(
                ptr::eq(element, base.wrapping_add(i)),
                "pinned part {i} must point at element {i} in the slot"
            );
            assert!(element.is_home(), "element {i} moved after it was pinned");
        }
        assert_eq!(counter.drops(), 0, "split_pinned must not drop any element");
        let last = moved.pop().expect("three parts");
        drop(moved);
        assert!(!flag.is_dead(), "element 2 is still pinned in the slot: the flag must be up");
        drop(last);
        assert!(flag.is_dead(), "every pinned part was dropped: the flag must be dead");
    }
    assert_eq!(
        counter.drops(),
        3,
        "each pinned element is dropped once, in place (its Drop checks it did not move)"
    );
}

/// Names the test whose case a child process runs.
const CHILD: &str = "LAB7_SPLIT_CHILD";
/// What the child prints once it got past the end of the slot's scope.
const REUSED: &str = "LAB7 the slot's scope ended and the frame went on";
const SIGABRT: i32 = 6;

/// In the child, runs `case`; in the parent, re-runs this test binary with
/// only the test `name` (which then takes the first branch) and returns what
/// it printed.
fn in_child(name: &str, case: impl FnOnce()) -> Option<timed_run::Output> {
    timed_run::in_child(CHILD, name, Duration::from_secs(20), case)
}

fn shown(out: &timed_run::Output) -> String {
    format!("--- stdout ---\n{}--- stderr ---\n{}", out.stdout, out.stderr)
}

/// The child must have died of SIGABRT, after printing the trap's message
/// and before the code after the slot's scope ran.
fn assert_trapped(out: &timed_run::Output, forgotten: &str) {
    timed_run::fail_if_stub(
        out,
        "this test runs the case in a child process, which the slot's trap must abort",
    );
    assert!(
        !out.stdout.contains(REUSED),
        "the test forgot {forgotten}, yet the slot's scope ended quietly and the frame went on to reuse the storage \
         under it: the flag must count each part that is still alive\n{}",
        shown(out)
    );
    assert_eq!(
        out.status.signal(),
        Some(SIGABRT),
        "the test forgot {forgotten}: the child must abort (SIGABRT) at the slot's trap; it ended with {:?}\n{}",
        out.status,
        shown(out)
    );
    assert!(
        out.stderr.contains(TRAP_MESSAGE),
        "the trap must print lab7::TRAP_MESSAGE to stderr\n{}",
        shown(out)
    );
}

/// In a child: splits three counted values in a `slot!`, forgets the parts
/// whose index is in `forget`, drops the others, and leaves the scope.
fn forget_parts(name: &str, forget: &[usize]) {
    let Some(out) = in_child(name, || {
        let counter = DropCounter::new();
        {
            slot!(s);
            let parts = split(s.put([counter.track(0), counter.track(1), counter.track(2)]));
            for (i, part) in parts.into_iter().enumerate() {
                if forget.contains(&i) {
                    mem::forget(part);
                } else {
                    drop(part);
                }
            }
        }
        println!("{REUSED}");
    }) else {
        return;
    };
    let which: Vec<String> = forget.iter().map(|i| format!("part {i}")).collect();
    assert_trapped(&out, &which.join(" and "));
}

#[test]
#[cfg_attr(miri, ignore = "Miri cannot start a child process; the in-process tests run under Miri")]
fn forgetting_part_0_aborts() {
    forget_parts("forgetting_part_0_aborts", &[0]);
}

#[test]
#[cfg_attr(miri, ignore = "Miri cannot start a child process; the in-process tests run under Miri")]
fn forgetting_part_1_aborts() {
    forget_parts("forgetting_part_1_aborts", &[1]);
}

#[test]
#[cfg_attr(miri, ignore = "Miri cannot start a child process; the in-process tests run under Miri")]
fn forgetting_part_2_aborts() {
    forget_parts("forgetting_part_2_aborts", &[2]);
}

#[test]
#[cfg_attr(miri, ignore = "Miri cannot start a child process; the in-process tests run under Miri")]
fn forgetting_every_part_but_the_first_aborts() {
    forget_parts("forgetting_every_part_but_the_first_aborts", &[1, 2]);
}

#[test]
#[cfg_attr(miri, ignore = "Miri cannot start a child process; the in-process tests run under Miri")]
fn forgetting_a_pinned_part_aborts() {
    let Some(out) = in_child("forgetting_a_pinned_part_aborts", || {
        let counter = DropCounter::new();
        {
            slot!(s);
            let whole = s.pin([0, 1].map(|i| Loopback::new(&format!("element {i}"), &counter)));
            let [mut kept, mut forgotten] = split_pinned(whole);
            kept.as_mut().init();
            forgotten.as_mut().init();
            mem::forget(forgotten);
        }
        println!("{REUSED}");
    }) else {
        return;
    };
    assert_trapped(&out, "pinned part 1");
}

#[test]
#[cfg_attr(miri, ignore = "Miri cannot start a child process; the in-process tests run under Miri")]
fn using_every_part_does_not_abort() {
    let Some(out) = in_child("using_every_part_does_not_abort", || {
        let counter = DropCounter::new();
        {
            slot!(a, b);
            let [x, y, z] = split(a.put([counter.track(1), counter.track(2), counter.track(3)]));
            let y = MoveRef::into_inner(y);
            drop(z);
            let _kept = x;
            drop(y);
            let empty: [Tracked<'_>; 0] = [];
            let none: [MoveRef<'_, _>; 0] = split(b.put(empty));
            assert!(none.is_empty());
        }
        assert_eq!(counter.drops(), 3);
        println!("{REUSED}");
    }) else {
        return;
    };
    timed_run::fail_if_stub(&out, "this test runs the case in a child process, which must finish normally");
    assert!(
        out.status.success() && out.stdout.contains(REUSED),
        "every part was dropped or moved out, and the empty array has no parts: the trap must stay quiet and the \
         child finish normally; it ended with {:?}\n{}",
        out.status,
        shown(&out)
    );
}

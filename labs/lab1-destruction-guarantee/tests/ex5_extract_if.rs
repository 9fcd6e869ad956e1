//! Exercise 5 (stretch): `Bag::extract_if` yields the accepted items in
//! order and keeps the rest in order; dropping the iterator at any point
//! keeps every item not yielded; forgetting it at any point leaves a valid
//! bag; a predicate that panics on any call loses nothing and drops nothing.
//!
//! The items are [`Probe`]s, which stay harmless when dropped twice, so a
//! broken answer is reported by the counters instead of crashing, and a bag
//! found broken is inspected, then forgotten rather than dropped. The
//! `String` test is the one Miri (`cargo +nightly miri test -p lab1`) needs.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind, set_hook, take_hook};
use std::sync::Once;

use lab1::bag::Bag;
use lab1::tracked::{Probe, ProbeLog};

#[path = "support/ending.rs"]
mod ending;
use ending::{Ending, drop_and_count};

/// The largest bag the scenarios use (smaller under Miri, which is slow).
const MAX_LEN: usize = if cfg!(miri) { 4 } else { 5 };

/// How far the caller gets before it stops.
#[derive(Clone, Copy, Debug)]
enum Plan {
    /// Calls `next` this many times, each of which must yield an item.
    Yields(usize),
    /// Calls `next` until it returns `None`.
    Exhausted,
    /// Calls `next` until the predicate panics, on its call with this index
    /// (0 is the first call).
    PanicOnCall(usize),
}

/// The ids `accepts` (a bit mask) picks out of a bag of `len`.
fn accepted(len: usize, accepts: u32) -> Vec<usize> {
    (0..len).filter(|&id| accepts & (1 << id) != 0).collect()
}

/// Every bag up to `MAX_LEN`, every set of accepted items, every plan that
/// `plans` gives for it, with `ending`; panics with the first problem.
fn check_all(ending: Ending, plans: impl Fn(usize, usize) -> Vec<Plan>) {
    if let Err(problem) = try_all(ending, plans) {
        panic!("{problem}");
    }
}

/// The same, returning the first problem.
fn try_all(ending: Ending, plans: impl Fn(usize, usize) -> Vec<Plan>) -> Result<(), String> {
    quiet_expected_panics();
    for len in 0..=MAX_LEN {
        for accepts in 0..1u32 << len {
            for plan in plans(len, accepted(len, accepts).len()) {
                scenario(len, accepts, plan, ending).map_err(|problem| {
                    let picked = accepted(len, accepts);
                    let stop = match plan {
                        Plan::Yields(1) => "1 item taken".to_string(),
                        Plan::Yields(n) => format!("{n} items taken"),
                        Plan::Exhausted => "every item taken (next returned None)".to_string(),
                        Plan::PanicOnCall(k) => format!("pred panics on its call {}", k + 1),
                    };
                    let ended = match ending {
                        Ending::Dropped => "dropped",
                        Ending::Forgotten => "forgotten",
                    };
                    format!(
                        "bag of probes 0..{len}, pred accepts {picked:?}, {stop}, then the iterator is {ended}: \
                         {problem}"
                    )
                })?;
            }
        }
    }
    Ok(())
}

/// Keeps the panics the tests raise on purpose (their message says "the
/// test expects this") out of the output; every other panic is reported as
/// usual.
fn quiet_expected_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let report = take_hook();
        set_hook(Box::new(move |info| {
            let message = info.payload().downcast_ref::<String>();
            if !message.is_some_and(|message| message.contains("(the test expects this)")) {
                report(info);
            }
        }));
    });
}

fn scenario(len: usize, accepts: u32, plan: Plan, ending: Ending) -> Result<(), String> {
    let log = ProbeLog::new(len);
    let mut bag: Bag<Probe<'_>> = (0..len).map(|id| log.probe(id)).collect();
    let seen = RefCell::new(Vec::new());
    let pred = |probe: &mut Probe<'_>| {
        let call = {
            let mut seen = seen.borrow_mut();
            seen.push(probe.id);
            seen.len() - 1
        };
        if matches!(plan, Plan::PanicOnCall(k) if k == call) {
            panic!("pred panics on purpose on probe {} (the test expects this)", probe.id);
        }
        accepts & (1 << probe.id) != 0
    };
    let picked = accepted(len, accepts);
    let mut yielded = Vec::new();
    // What the predicate must have seen, and what must have been yielded.
    let (expect_seen, expect_yielded): (Vec<usize>, Vec<usize>) = match plan {
        Plan::Yields(0) => (Vec::new(), Vec::new()),
        Plan::Yields(n) => ((0..=picked[n - 1]).collect(), picked[..n].to_vec()),
        Plan::Exhausted => ((0..len).collect(), picked.clone()),
        Plan::PanicOnCall(k) => ((0..=k).collect(), picked.iter().copied().filter(|&id| id < k).collect()),
    };
    match plan {
        Plan::Yields(n) => {
            let mut extract = bag.extract_if(pred);
            for _ in 0..n {
                match extract.next() {
                    Some(probe) => yielded.push(probe.id),
                    None => {
                        std::mem::forget(extract);
                        std::mem::forget(bag);
                        return Err(format!(
                            "next returned None after {yielded:?}, but pred accepts {picked:?}: \
                             next must go on until it finds an accepted item"
                        ));
                    }
                }
            }
            ending.apply(extract);
        }
        Plan::Exhausted => {
            let mut extract = bag.extract_if(pred);
            // At most `len + 1` calls: a `next` that never returns `None`
            // fails the test instead of hanging it.
            for _ in 0..=len {
                match extract.next() {
                    Some(probe) => yielded.push(probe.id),
                    None => break,
                }
            }
            ending.apply(extract);
        }
        Plan::PanicOnCall(_) => {
            let unwound = match ending {
                Ending::Dropped => catch_unwind(AssertUnwindSafe(|| {
                    // The iterator lives in this closure: the unwinding drops it.
                    for probe in bag.extract_if(pred).take(len + 1) {
                        yielded.push(probe.id);
                    }
                })),
                Ending::Forgotten => {
                    let mut extract = bag.extract_if(pred);
                    let unwound = catch_unwind(AssertUnwindSafe(|| {
                        for _ in 0..=len {
                            match extract.next() {
                                Some(probe) => yielded.push(probe.id),
                                None => break,
                            }
                        }
                    }));
                    std::mem::forget(extract);
                    unwound
                }
            };
            match unwound {
                Ok(()) => {
                    std::mem::forget(bag);
                    return Err(format!(
                        "the panic in pred never reached the caller (pred saw {:?}): a panic in pred must \
                         leave next",
                        seen.borrow()
                    ));
                }
                // Not pred's panic (a `todo!`, an overflow): let it through.
                Err(payload) if !is_preds_panic(payload.as_ref()) => resume_unwind(payload),
                Err(_) => {}
            }
        }
    }
    let seen = seen.into_inner();
    if yielded != expect_yielded {
        std::mem::forget(bag);
        return Err(format!(
            "the iterator yielded {yielded:?}, expected {expect_yielded:?}: next yields the items pred \
             accepts, in their order, each once"
        ));
    }
    if seen != expect_seen {
        std::mem::forget(bag);
        return Err(format!(
            "pred saw {seen:?}, expected {expect_seen:?}: pred sees each item once, in order, and only when \
             next reaches it (nothing before the first next, nothing past the item next returns)"
        ));
    }
    drop_and_count(
        bag,
        &log,
        ending,
        |bag| inspect(bag, &log, &yielded, ending),
        "it was neither yielded nor in the bag, so it leaked, and dropping the iterator must leak nothing",
    )
}

/// Whether a caught panic is the one the test's predicate raises on purpose.
fn is_preds_panic(payload: &(dyn Any + Send)) -> bool {
    payload.downcast_ref::<String>().is_some_and(|message| message.contains("pred panics on purpose"))
}

/// Checks what the bag holds right after the iterator was dropped or
/// forgotten (the test dropped every yielded probe at once).
fn inspect(bag: &Bag<Probe<'_>>, log: &ProbeLog, yielded: &[usize], ending: Ending) -> Result<(), String> {
    let held: Vec<usize> = bag.as_slice().iter().map(|probe| probe.id).collect();
    for (at, &id) in held.iter().enumerate() {
        if yielded.contains(&id) {
            return Err(format!(
                "the bag holds {held:?}, and probe {id} (at {at}) was already yielded: the bag's length must \
                 never count a slot whose item has moved out"
            ));
        }
        if log.drops(id) > 0 {
            return Err(format!("the bag holds {held:?}, and probe {id} (at {at}) was already dropped"));
        }
    }
    for id in 0..log.len() {
        if !yielded.contains(&id) && log.drops(id) > 0 {
            return Err(format!(
                "probe {id} was dropped, but it was not yielded: the iterator must drop nothing (a panic \
                 in pred included); what it does not yield stays in the bag"
            ));
        }
    }
    match ending {
        Ending::Dropped => {
            let expected: Vec<usize> = (0..log.len()).filter(|id| !yielded.contains(id)).collect();
            if held != expected {
                return Err(format!(
                    "after dropping the iterator the bag holds {held:?}, expected {expected:?}: every item not \
                     yielded stays, in order, including those pred never saw and the one it panicked on"
                ));
            }
        }
        Ending::Forgotten => {
            if held.windows(2).any(|pair| pair[0] >= pair[1]) {
                return Err(format!(
                    "after forgetting the iterator the bag holds {held:?}: it may have lost items, but what it \
                     holds must be in the original order, each item once"
                ));
            }
        }
    }
    Ok(())
}

#[test]
fn yields_the_accepted_items_in_order_and_keeps_the_rest() {
    check_all(Ending::Dropped, |_, _| vec![Plan::Exhausted]);
}

#[test]
fn dropping_the_iterator_at_every_position_keeps_every_item_not_yielded() {
    check_all(Ending::Dropped, |_, picked| (0..=picked).map(Plan::Yields).collect());
}

#[test]
fn forgetting_the_iterator_at_every_position_leaves_a_valid_bag() {
    check_all(Ending::Forgotten, |_, picked| {
        (0..=picked).map(Plan::Yields).chain([Plan::Exhausted]).collect()
    });
}

#[test]
fn a_panic_in_the_predicate_at_every_call_keeps_every_item_not_yielded() {
    check_all(Ending::Dropped, |len, _| (0..len).map(Plan::PanicOnCall).collect());
}

#[test]
fn forgetting_the_iterator_after_the_predicate_panics_leaves_a_valid_bag() {
    check_all(Ending::Forgotten, |len, _| (0..len).map(Plan::PanicOnCall).collect());
}

#[test]
fn the_predicate_changes_the_items_in_place() {
    // pred multiplies each item it sees by 10 and accepts multiples of 20.
    let mut bag: Bag<u32> = (0..6).collect();
    let mut extract = bag.extract_if(|x| {
        *x *= 10;
        *x % 20 == 0
    });
    let taken: Vec<u32> = extract.by_ref().take(2).collect();
    drop(extract);
    assert_eq!(taken, [0, 20], "the first two items pred accepts, as pred left them");
    assert_eq!(
        bag.as_slice(),
        [10, 3, 4, 5],
        "after taking two items and dropping the iterator: item 1, which pred saw and changed to 10, stays \
         changed; items 3, 4 and 5, which pred never saw, stay as they were"
    );
    let rest: Vec<u32> = bag.extract_if(|x| *x % 2 == 1).take(7).collect();
    assert_eq!(rest, [3, 5], "a second extract_if on the same bag yields its odd items");
    assert_eq!(bag.as_slice(), [10, 4], "and keeps the even ones, in order");
}

#[test]
fn forgetting_or_interrupting_an_extract_if_of_strings_is_sound() {
    // Heap-owning items: under Miri a double drop, or a read of a slot whose
    // String moved out, is reported as undefined behaviour. Without Miri the
    // same bug may crash the whole test binary, so the probes go first.
    if !cfg!(miri) {
        let probes = try_all(Ending::Forgotten, |_, picked| (0..=picked).map(Plan::Yields).collect())
            .and_then(|()| try_all(Ending::Dropped, |len, _| (0..len).map(Plan::PanicOnCall).collect()))
            .and_then(|()| try_all(Ending::Forgotten, |len, _| (0..len).map(Plan::PanicOnCall).collect()));
        if let Err(problem) = probes {
            panic!("not tried with Strings, where this bug would crash the test binary: {problem}");
        }
    }
    quiet_expected_panics();
    let words = ["a", "bb", "c", "dd", "e"];
    let fresh = || -> Bag<String> { words.into_iter().map(String::from).collect() };
    for ending in [Ending::Dropped, Ending::Forgotten] {
        for taken in 0..=2 {
            let mut bag = fresh();
            let mut extract = bag.extract_if(|s| s.len() % 2 == 0);
            let got: Vec<String> = extract.by_ref().take(taken).collect();
            ending.apply(extract);
            assert_eq!(got, ["bb", "dd"][..taken], "the first {taken} strings of even length, in order");
            let held: Vec<&str> = bag.as_slice().iter().map(String::as_str).collect();
            let kept: Vec<&str> = words.into_iter().filter(|w| !got.iter().any(|g| g == w)).collect();
            match ending {
                Ending::Dropped => {
                    assert_eq!(
                        held, kept,
                        "{taken} taken, then dropped: every string not yielded stays, in order"
                    )
                }
                Ending::Forgotten => assert!(
                    held.iter().all(|w| kept.contains(w)),
                    "{taken} taken, then forgotten: the bag holds {held:?}, which includes a string already yielded"
                ),
            }
        }
        // pred appends '!' to each string it sees, accepts those of even
        // length before that, and panics on its call `call + 1`.
        for call in 0..words.len() {
            let mut bag = fresh();
            let mut got = Vec::new();
            let calls = Cell::new(0);
            let pred = |s: &mut String| {
                s.push('!');
                calls.set(calls.get() + 1);
                if calls.get() == call + 1 {
                    panic!("pred panics on purpose on {s:?} (the test expects this)");
                }
                s.len() % 2 == 1
            };
            let unwound = match ending {
                Ending::Dropped => catch_unwind(AssertUnwindSafe(|| {
                    for word in bag.extract_if(pred).take(words.len() + 1) {
                        got.push(word);
                    }
                })),
                Ending::Forgotten => {
                    let mut extract = bag.extract_if(pred);
                    let unwound = catch_unwind(AssertUnwindSafe(|| {
                        got.extend(extract.by_ref().take(words.len() + 1));
                    }));
                    std::mem::forget(extract);
                    unwound
                }
            };
            match unwound {
                Ok(()) => panic!("pred panics on its call {}: the panic must reach the caller", call + 1),
                Err(payload) if !is_preds_panic(payload.as_ref()) => resume_unwind(payload),
                Err(_) => {}
            }
            let held: Vec<&str> = bag.as_slice().iter().map(String::as_str).collect();
            let kept: Vec<String> = words
                .iter()
                .enumerate()
                .map(|(at, w)| if at <= call { format!("{w}!") } else { w.to_string() })
                .filter(|w| !got.contains(w))
                .collect();
            match ending {
                Ending::Dropped => assert_eq!(
                    held,
                    kept,
                    "pred panics on its call {}, the unwinding drops the iterator: every string not yielded \
                     stays, in order, the one pred panicked on included (with the '!' pred added)",
                    call + 1
                ),
                Ending::Forgotten => assert!(
                    held.iter().all(|w| kept.iter().any(|k| k == w)),
                    "pred panics on its call {}, then the iterator is forgotten: the bag holds {held:?}, \
                     which includes a string already yielded",
                    call + 1
                ),
            }
        }
    }
}

thread_local! {
    /// How many [`Nothing`]s this test thread has dropped.
    static NOTHING_DROPS: Cell<usize> = const { Cell::new(0) };
}

/// A zero-sized item that counts its drops: every slot of a bag of them has
/// the same address.
struct Nothing;

impl Drop for Nothing {
    fn drop(&mut self) {
        NOTHING_DROPS.with(|drops| drops.set(drops.get() + 1));
    }
}

#[test]
fn zero_sized_items_are_yielded_kept_and_dropped_once() {
    let drops = || NOTHING_DROPS.with(Cell::get);
    let fresh = || -> Bag<Nothing> { (0..6).map(|_| Nothing).collect() };
    // pred accepts every second item it sees: calls 2, 4 and 6.
    let every_second = || {
        let mut calls = 0;
        move |_: &mut Nothing| {
            calls += 1;
            calls % 2 == 0
        }
    };

    let before = drops();
    let mut bag = fresh();
    let got = bag.extract_if(every_second()).take(7).count();
    assert_eq!(got, 3, "6 zero-sized items, every second accepted: 3 yielded");
    assert_eq!(bag.len(), 3, "6 zero-sized items, 3 yielded: the bag keeps 3");
    assert_eq!(drops() - before, 3, "the 3 yielded items are dropped by the caller, and nothing else yet");
    drop(bag);
    assert_eq!(drops() - before, 6, "each of the 6 items is dropped once in all");

    for ending in [Ending::Dropped, Ending::Forgotten] {
        let before = drops();
        let mut bag = fresh();
        let mut extract = bag.extract_if(every_second());
        assert!(extract.next().is_some(), "the second of 6 zero-sized items is accepted");
        ending.apply(extract);
        let (len, dropped) = (bag.len(), drops() - before);
        drop(bag);
        let all = drops() - before;
        if ending == Ending::Dropped {
            assert_eq!(
                len, 5,
                "one zero-sized item yielded, then the iterator dropped: the bag keeps the other 5"
            );
            assert_eq!(all, 6, "each of the 6 items is dropped once in all");
        } else {
            assert!(
                len <= 5,
                "one zero-sized item yielded, then the iterator forgotten: the bag claims {len} items"
            );
            assert!(all <= 6, "6 zero-sized items were dropped {all} times");
        }
        assert_eq!(dropped, 1, "only the yielded item is dropped before the bag is");
    }
}

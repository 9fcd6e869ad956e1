//! Exercise 3: `Bag::drain` moves a range out in order, closes the gap when
//! dropped, and leaves a valid (maybe shorter) bag when forgotten at any
//! point. The same checks must reject a naive `drain`.

mod support;

use std::cell::Cell;
use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};

use lab1::bag::Bag;
use lab1::tracked::{Probe, ProbeLog};
use support::drain_checks::{Drainer, Naive, check_every_position};
use support::ending::Ending;

/// At most `n + 1` items of `items`: a `next` that never returns `None` (or
/// keeps handing out the same slot) fails the test instead of hanging it.
fn at_most<I: Iterator>(items: I, n: usize) -> Vec<I::Item> {
    items.take(n + 1).collect()
}

/// Your `Bag::drain`, as the checks see it.
struct Yours;

impl Drainer for Yours {
    fn drain<'b, 'log>(
        bag: &'b mut Bag<Probe<'log>>,
        range: Range<usize>,
    ) -> impl Iterator<Item = Probe<'log>> + 'b {
        bag.drain(range)
    }
}

#[test]
fn draining_everything_empties_the_bag() {
    let log = ProbeLog::new(4);
    let mut bag: Bag<Probe<'_>> = (0..4).map(|id| log.probe(id)).collect();
    let ids: Vec<usize> = at_most(bag.drain(0..4), 4).into_iter().map(|probe| probe.id).collect();
    assert_eq!(ids, [0, 1, 2, 3]);
    assert!(bag.is_empty());
    assert!((0..4).all(|id| log.drops(id) == 1));
}

#[test]
fn dropping_the_iterator_at_every_position_removes_the_range() {
    check_every_position::<Yours>(Ending::Dropped).unwrap();
}

#[test]
fn forgetting_the_iterator_at_every_position_leaves_a_valid_bag() {
    check_every_position::<Yours>(Ending::Forgotten).unwrap();
}

#[test]
fn the_checks_accept_your_drain_and_reject_a_naive_one() {
    check_every_position::<Yours>(Ending::Forgotten).expect("your drain must pass the checks first");
    // A drain that shortens the bag only in `Drop` is right when dropped...
    check_every_position::<Naive>(Ending::Dropped).expect("the naive drain is correct when dropped");
    // ...and must be caught when forgotten.
    let verdict = check_every_position::<Naive>(Ending::Forgotten);
    let problem = verdict.expect_err("the checks let a naive drain through");
    assert!(problem.contains("already moved out"), "unexpected verdict on the naive drain: {problem}");
}

#[test]
fn forgetting_a_drain_of_strings_is_sound() {
    // Heap-owning items: under Miri (`cargo +nightly miri test -p lab1`) a
    // double drop or a read of a moved-out slot here is reported as UB.
    for taken in 0..=3 {
        let mut bag: Bag<String> = ["a", "b", "c", "d", "e"].into_iter().map(String::from).collect();
        let mut drain = bag.drain(1..4);
        let got: Vec<String> = drain.by_ref().take(taken).collect();
        std::mem::forget(drain);
        assert_eq!(got.len(), taken);
        assert!(bag.len() <= 5 - taken, "the bag still counts items that were moved out");
        let rest: String = bag.as_slice().concat();
        assert!(rest.starts_with('a'), "the item before the range was lost: {rest:?}");
        drop(bag);
    }
}

#[test]
fn a_range_past_the_end_is_refused() {
    let mut bag: Bag<u8> = [1, 2, 3].into_iter().collect();
    assert_eq!(at_most(bag.drain(0..1), 1), [1], "drain(0..1) must yield the first item");
    let refused = catch_unwind(AssertUnwindSafe(|| {
        bag.drain(1..4);
    }));
    assert!(refused.is_err(), "drain(1..4) on a bag of 2 items must panic");
    assert_eq!(bag.as_slice(), [2, 3], "a refused drain must leave the bag alone");
}

/// A [`Probe`] whose drop panics while `armed` is set, if it was told to:
/// an item whose destructor fails while `Drain::drop` is dropping the items
/// it did not yield.
struct Fragile<'log> {
    probe: Probe<'log>,
    panics: bool,
    armed: &'log Cell<bool>,
}

impl Drop for Fragile<'_> {
    fn drop(&mut self) {
        if self.panics && self.armed.get() {
            panic!("probe {} panics on purpose while being dropped (the test expects this)", self.probe.id);
        }
    }
}

#[test]
fn a_panic_while_dropping_the_rest_leaves_a_valid_bag() {
    // Bags of 5; the item at `fragile` panics when dropped. Drain a range
    // that contains it, take nothing, and drop the iterator: its `Drop`
    // unwinds half way, and the bag must still own only live items.
    let armed = Cell::new(false);
    for fragile in 0..5 {
        for start in 0..=fragile {
            for end in fragile + 1..=5 {
                let log = ProbeLog::new(5);
                let mut bag: Bag<Fragile<'_>> = (0..5)
                    .map(|id| Fragile { probe: log.probe(id), panics: id == fragile, armed: &armed })
                    .collect();
                let drain = bag.drain(start..end);
                armed.set(true);
                let unwound = catch_unwind(AssertUnwindSafe(|| drop(drain)));
                armed.set(false);
                assert!(unwound.is_err(), "the item's panic must reach the caller of drop");
                let held: Vec<usize> = bag.as_slice().iter().map(|item| item.probe.id).collect();
                let setting = format!("bag of 5, drain({start}..{end}), probe {fragile} panics when dropped");
                if let Some(&id) = held.iter().find(|&&id| log.drops(id) > 0) {
                    std::mem::forget(bag);
                    panic!(
                        "{setting}: after the panic the bag still holds probe {id}, which was already dropped: \
                         shorten the bag in `drain`, and give it its new length only after the \
                         unyielded items are dropped"
                    );
                }
                assert!(
                    held.starts_with(&(0..start).collect::<Vec<_>>()),
                    "{setting}: after the panic the bag holds {held:?}: the items before the range must stay"
                );
                drop(bag);
                for id in 0..5 {
                    assert!(log.drops(id) <= 1, "{setting}: probe {id} was dropped {} times", log.drops(id));
                }
            }
        }
    }
}

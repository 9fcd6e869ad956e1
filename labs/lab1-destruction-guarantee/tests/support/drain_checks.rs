//! The grading checks of exercise 3, written once and applied both to the
//! student's `drain` and to a deliberately naive one (which they must
//! reject). Each check returns the first problem it finds instead of
//! panicking, so a test can assert that a bad implementation fails it.
//!
//! The items are [`Probe`]s: a probe dropped twice only bumps a counter, so
//! even a broken `drain` runs without undefined behaviour, and a bag found
//! in a broken state is leaked (forgotten) rather than dropped.

use std::ops::Range;

use lab1::bag::Bag;
use lab1::tracked::{Probe, ProbeLog};

use super::ending::{Ending, drop_and_count};

/// A `drain` under test.
pub trait Drainer {
    /// Starts draining `range` out of `bag`.
    fn drain<'b, 'log>(
        bag: &'b mut Bag<Probe<'log>>,
        range: Range<usize>,
    ) -> impl Iterator<Item = Probe<'log>> + 'b;
}

/// The largest bag the checks use; every range and stop point of every
/// size up to it is tried.
pub const MAX_LEN: usize = 5;

/// Runs one scenario of every size, range and stop point with `ending`.
pub fn check_every_position<D: Drainer>(ending: Ending) -> Result<(), String> {
    for len in 0..=MAX_LEN {
        for start in 0..=len {
            for end in start..=len {
                for taken in 0..=end - start {
                    scenario::<D>(len, start..end, taken, ending).map_err(|e| {
                        format!("bag of {len}, drain({start}..{end}), {taken} taken, then {ending:?}: {e}")
                    })?;
                }
            }
        }
    }
    Ok(())
}

fn scenario<D: Drainer>(len: usize, range: Range<usize>, taken: usize, ending: Ending) -> Result<(), String> {
    let log = ProbeLog::new(len);
    let mut bag: Bag<Probe<'_>> = (0..len).map(|id| log.probe(id)).collect();
    let mut yielded = Vec::new();
    {
        let mut drain = D::drain(&mut bag, range.clone());
        for _ in 0..taken {
            match drain.next() {
                Some(probe) => yielded.push(probe.id),
                None => return Err(format!("the iterator ended after {} items", yielded.len())),
            }
        }
        ending.apply(drain);
    }
    let expected: Vec<usize> = (range.start..range.start + taken).collect();
    if yielded != expected {
        std::mem::forget(bag);
        return Err(format!("yielded ids {yielded:?}, expected {expected:?}"));
    }
    drop_and_count(
        bag,
        &log,
        ending,
        |bag| inspect(bag, &log, &yielded, &range, ending),
        "dropping the iterator must drop what it did not yield",
    )
}

/// Checks what the bag holds right after the iterator was dropped or forgotten.
fn inspect(
    bag: &Bag<Probe<'_>>,
    log: &ProbeLog,
    yielded: &[usize],
    range: &Range<usize>,
    ending: Ending,
) -> Result<(), String> {
    let held: Vec<usize> = bag.as_slice().iter().map(|probe| probe.id).collect();
    for (at, &id) in held.iter().enumerate() {
        if yielded.contains(&id) {
            return Err(format!(
                "the bag still holds probe {id} (at {at}), which the iterator already moved out"
            ));
        }
        if log.drops(id) > 0 {
            return Err(format!("the bag still holds probe {id} (at {at}), which was already dropped"));
        }
        if held[..at].contains(&id) {
            return Err(format!("the bag holds probe {id} twice"));
        }
    }
    for id in 0..log.len() {
        let inside = range.contains(&id);
        let drops = log.drops(id);
        if !inside && drops > 0 {
            return Err(format!("probe {id} is outside the drained range but was dropped"));
        }
        if yielded.contains(&id) && drops != 1 {
            return Err(format!("probe {id} was yielded and dropped by the test, yet counts {drops} drops"));
        }
    }
    if ending == Ending::Dropped {
        let expected: Vec<usize> = (0..range.start).chain(range.end..log.len()).collect();
        if held != expected {
            return Err(format!("after dropping the iterator the bag holds {held:?}, expected {expected:?}"));
        }
    } else {
        // Whatever leaks, the items before the range are never lost.
        if held.len() < range.start || held[..range.start] != (0..range.start).collect::<Vec<_>>()[..] {
            return Err(format!(
                "after forgetting the iterator the bag holds {held:?}: the items before the range must stay"
            ));
        }
    }
    Ok(())
}

/// The naive `drain` from [`super::naive_drain`], as a [`Drainer`].
pub struct Naive;

impl Drainer for Naive {
    fn drain<'b, 'log>(
        bag: &'b mut Bag<Probe<'log>>,
        range: Range<usize>,
    ) -> impl Iterator<Item = Probe<'log>> + 'b {
        super::naive_drain::naive_drain(bag, range)
    }
}

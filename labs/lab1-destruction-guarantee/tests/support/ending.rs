//! How a scenario of exercises 3 and 5 lets go of its iterator, and the
//! drop count that closes every scenario.

use lab1::bag::Bag;
use lab1::tracked::{Probe, ProbeLog};

/// What happens to the iterator once the caller stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// Dropped (for a panic: by the unwinding, which leaves the scope that
    /// owns it): the bag must end up without the items it yielded, in order.
    Dropped,
    /// `mem::forget`: the bag may be shorter, never broken.
    Forgotten,
}

impl Ending {
    /// Drops or forgets `iter`.
    pub fn apply<I>(self, iter: I) {
        match self {
            Ending::Dropped => drop(iter),
            Ending::Forgotten => std::mem::forget(iter),
        }
    }
}

/// Closes a scenario on `bag`, which holds probes of `log`: checks it with
/// `inspect` while it is still whole, and forgets it if that finds a
/// problem, so that a broken bag cannot drop anything twice; then drops it
/// and checks that no probe was dropped twice and, after `Dropped`, that
/// every probe was dropped (`leaked` says why one that was not is wrong).
pub fn drop_and_count<'log>(
    bag: Bag<Probe<'log>>,
    log: &'log ProbeLog,
    ending: Ending,
    inspect: impl FnOnce(&Bag<Probe<'log>>) -> Result<(), String>,
    leaked: &str,
) -> Result<(), String> {
    if let Err(problem) = inspect(&bag) {
        std::mem::forget(bag);
        return Err(problem);
    }
    drop(bag);
    for id in 0..log.len() {
        let drops = log.drops(id);
        if drops > 1 {
            return Err(format!("probe {id} was dropped {drops} times"));
        }
        if ending == Ending::Dropped && drops != 1 {
            return Err(format!("probe {id} was never dropped: {leaked}"));
        }
    }
    Ok(())
}

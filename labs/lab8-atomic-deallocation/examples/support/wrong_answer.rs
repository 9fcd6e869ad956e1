//! The crate an example builds around one kept wrong answer: the atomics it
//! uses, the given block and handles, and the wrong `src/arc.rs`.

/// Declares, at the example's root, `sync` (the atomics from `loom` or from
/// `std`), `block` (the lab's given `src/block.rs`) and `arc` (the kept
/// wrong answer `solutions/lab8/wrong/<name>.patch` applied to the
/// reference answer, which build.rs writes to `$OUT_DIR/wrong/<name>.rs`).
/// Both are dead code only where the student's stub stands in for the wrong
/// answer (see build.rs).
macro_rules! wrong_answer {
    (loom, $name:literal) => {
        mod sync {
            pub use loom::hint::spin_loop;
            pub use loom::sync::atomic::{AtomicUsize, Ordering, fence};
        }
        wrong_answer!($name);
    };
    (std, $name:literal) => {
        mod sync {
            pub use std::hint::spin_loop;
            pub use std::sync::atomic::{AtomicUsize, Ordering, fence};
        }
        wrong_answer!($name);
    };
    ($name:literal) => {
        #[allow(dead_code)]
        #[path = "../src/block.rs"]
        mod block;
        #[allow(dead_code)]
        mod arc {
            include!(concat!(env!("OUT_DIR"), "/wrong/", $name, ".rs"));
        }
    };
}

/// Runs `f` under loom's model checker with locations on, so that a report
/// names the file and line of both accesses.
#[allow(dead_code)]
pub fn check_under_loom(f: impl Fn() + Sync + Send + 'static) {
    let mut model = loom::model::Builder::new();
    model.location = true;
    model.check(f);
}

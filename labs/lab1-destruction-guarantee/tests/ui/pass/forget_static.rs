//! `Unleak<&'static T>` is `Leak`, and so is every ordinary type: `forget`
//! takes them. (Runs: on the stub, `Unleak::new` and `forget` panic.)

use lab1::leak::forget;
use lab1::unleak::Unleak;

static GREETING: &str = "hello";

struct Holder {
    _borrow: Unleak<&'static str>,
}

fn main() {
    forget(Unleak::new(&GREETING));
    forget(Holder { _borrow: Unleak::new(GREETING) });
    forget(vec![String::from("ordinary types stay Leak")]);
}

//! `Unleak<&'a T>` is `Leak` only if `'a` is `'static`: forgetting a
//! wrapped borrow of a local must not compile.

use lab1::leak::forget;
use lab1::unleak::Unleak;

fn main() {
    let local = 5;
    forget(Unleak::new(&local));
}

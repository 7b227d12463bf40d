//! The export glue behind [`export!`](crate::export): holds the one object of
//! this component and answers the WIT `invoke` and `describe` exports.

use std::cell::RefCell;

use crate::bindings::remoteobj::guest::types as wit;
use crate::error::{Error, ErrorKind};
use crate::remote::Remote;
use crate::resolve::{Resolved, resolve};
use crate::value::encode;

thread_local! {
    static OBJECT: RefCell<Option<Box<dyn Remote>>> = const { RefCell::new(None) };
}

/// Runs `f` on the component's object, creating it with `init` on first use.
fn with_object<R>(
    init: fn() -> Box<dyn Remote>,
    f: impl FnOnce(&mut dyn Remote) -> R,
) -> Option<R> {
    OBJECT.with(|cell| {
        let mut slot = cell.try_borrow_mut().ok()?;
        let obj = slot.get_or_insert_with(init);
        Some(f(obj.as_mut()))
    })
}

fn busy() -> wit::Error {
    to_wit(Error::new(
        ErrorKind::Runtime,
        "object",
        "the object is busy (a request arrived while it was already resolving one)",
    ))
}

/// The `invoke` export: resolves `path` against the object.
pub fn invoke(
    init: fn() -> Box<dyn Remote>,
    functions: &[(&'static str, crate::passto::FreeFunction)],
    path: Vec<wit::Op>,
) -> Result<wit::Outcome, wit::Error> {
    crate::passto::register(functions);
    with_object(init, |obj| match resolve(obj, path) {
        Ok(Resolved::This) => Ok(wit::Outcome::This),
        Ok(Resolved::Value(v)) => encode(&v).map(wit::Outcome::Value).map_err(to_wit),
        Err(e) => Err(to_wit(e)),
    })
    .unwrap_or_else(|| Err(busy()))
}

/// The `describe` export: the object's schema.
pub fn describe(init: fn() -> Box<dyn Remote>) -> wit::Schema {
    with_object(init, |obj| obj.schema()).unwrap_or_else(|| crate::Schema::new("object"))
}

fn to_wit(e: Error) -> wit::Error {
    wit::Error {
        kind: e.kind,
        type_name: e.type_name,
        message: e.message,
        trace: e.trace,
    }
}

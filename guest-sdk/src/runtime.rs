//! The export glue behind [`export!`](crate::export): answers the WIT
//! `invoke`, `describe` and `run` exports for the component's one object
//! (which the macro keeps in a thread-local of its own type).

use crate::bindings::remoteobj::guest::types as wit;
use crate::error::{Error, ErrorKind, Result};
use crate::remote::Remote;
use crate::resolve::{Resolved, resolve};
use crate::value::{Value, encode};

/// The error for a request that reaches the object while it is already
/// borrowed (cannot happen through the worker, which never re-enters).
pub fn busy() -> wit::Error {
    to_wit(Error::new(
        ErrorKind::Runtime,
        "object",
        "the object is busy (a request arrived while it was already resolving one)",
    ))
}

/// The schema reported when the object is busy.
pub fn busy_schema() -> wit::Schema {
    crate::Schema::new("object")
}

/// Resolves `path` against `obj`: the `invoke` export, and what an active
/// object's loop answers with.
pub fn answer(obj: &mut dyn Remote, path: Vec<wit::Op>) -> Result<wit::Outcome, wit::Error> {
    match resolve(obj, path) {
        Ok(Resolved::This) => Ok(wit::Outcome::This),
        Ok(Resolved::Value(v)) => encode(&v).map(wit::Outcome::Value).map_err(to_wit),
        Err(e) => Err(to_wit(e)),
    }
}

/// The `describe` export: the object's schema.
pub fn describe(obj: &dyn Remote) -> wit::Schema {
    obj.schema()
}

/// The `run` export's answer for what the object's loop (`run`, as the
/// author wrote it in `export!`) returned: an error gets the loop as its
/// outermost trace frame, as a request's gets the path.
pub fn run_end(
    returned: Result<Value>,
    run: &str,
    type_name: &str,
) -> Option<Result<Vec<u8>, wit::Error>> {
    Some(
        returned
            .and_then(|v| encode(&v))
            .map_err(|e| to_wit(e.at(loop_frame(run, type_name)))),
    )
}

/// `run(Toggler)`; `loop of Toggler` when the loop is a closure.
fn loop_frame(run: &str, type_name: &str) -> String {
    let run: String = run.split_whitespace().collect();
    if !run.is_empty()
        && run
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == ':')
    {
        format!("{run}({type_name})")
    } else {
        format!("loop of {type_name}")
    }
}

/// An SDK error as the WIT carries it.
pub(crate) fn to_wit(e: Error) -> wit::Error {
    wit::Error {
        kind: e.kind,
        type_name: e.type_name,
        message: e.message,
        trace: e.trace,
    }
}

/// A WIT error as an SDK error.
pub(crate) fn from_wit(e: wit::Error) -> Error {
    Error {
        kind: e.kind,
        type_name: e.type_name,
        message: e.message,
        trace: e.trace,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loop_frame_names_the_loop_or_says_it_is_one() {
        assert_eq!(loop_frame("run", "Toggler"), "run(Toggler)");
        assert_eq!(
            loop_frame("Toggler :: run", "Toggler"),
            "Toggler::run(Toggler)"
        );
        assert_eq!(loop_frame("| t | t.go()", "Toggler"), "loop of Toggler");
    }
}

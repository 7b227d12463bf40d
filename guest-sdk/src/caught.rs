//! Errors the guest records for the host and goes on (Python remoteobj's
//! `remoteobj.Except`): each under a group name, as
//! `with catch('process'): ...` does. The host reads them with
//! `RemoteObject::caught()`, groups them, and may raise the first.
//!
//! ```ignore
//! fn run(obj: &mut Crawler) {
//!     while !remoteobj_guest::sleep(obj, Duration::from_millis(10)) {
//!         // A failed step is recorded; the loop goes on.
//!         remoteobj_guest::catch("process", || obj.step());
//!     }
//! }
//! ```
//!
//! A panic is not caught: in a component it aborts the instance (a trap).

use crate::bindings::remoteobj::guest::host;
use crate::error::{Error, Result};
use crate::runtime::to_wit;

/// Runs `f`; if it fails, records its error under `group` for the host and
/// returns `None`.
pub fn catch<T>(group: &str, f: impl FnOnce() -> Result<T>) -> Option<T> {
    match f() {
        Ok(value) => Some(value),
        Err(e) => {
            report(group, e);
            None
        }
    }
}

/// Records `error` under `group` for the host.
pub fn report(group: &str, error: Error) {
    host::report_error(group, &to_wit(error));
}

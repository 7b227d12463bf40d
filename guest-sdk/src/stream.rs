//! The values an active object's loop emits as it runs (Python remoteobj's
//! generator: `yield` in the remote function, an iterator on the host).
//!
//! ```ignore
//! fn run(obj: &mut Scanner) -> remoteobj_guest::Result<u64> {
//!     for line in obj.lines() {
//!         if !remoteobj_guest::emit(obj, &line)? || remoteobj_guest::should_stop() {
//!             break; // the host asked the loop to stop
//!         }
//!     }
//!     Ok(obj.count) // what the host's stream ends with (its join)
//! }
//! ```
//!
//! The stream is bounded by the host (`Host::stream_capacity`): when that
//! many values wait for it, [`emit`] answers the host's requests until it
//! takes some, so the loop slows down to the host's pace and nothing is
//! lost.

use std::time::Duration;

use serde::Serialize;

use crate::active::{nanos, serve};
use crate::bindings::remoteobj::guest::host;
use crate::error::Result;
use crate::remote::Remote;
use crate::runtime::from_wit;
use crate::value::{encode, to_value};

/// How long one wait for room lasts before it is tried again (the worker
/// wakes it early when room frees up).
const WAIT: Duration = Duration::from_secs(1);

/// Sends `value` to the host's stream, waiting for room (and answering the
/// host's requests meanwhile) when the stream is full. Returns whether it
/// was sent: `false` only when the host asked the loop to stop while the
/// stream was full (the value is dropped, and the loop should return).
///
/// Fails when the value cannot be encoded, or is too large for a frame.
pub fn emit<T: Serialize + ?Sized>(obj: &mut dyn Remote, value: &T) -> Result<bool> {
    let bytes = encode(&to_value(value)?)?;
    loop {
        if host::emit(&bytes).map_err(from_wit)? {
            return Ok(true);
        }
        if host::should_stop() {
            return Ok(false);
        }
        if let Some(request) = host::next_request(nanos(WAIT)) {
            serve(obj, request);
        }
    }
}

//! [`PendingReply`]: a request sent now whose answer is awaited later.

use std::marker::PhantomData;

use remoteobj_protocol::{Op, path_string};
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::requests::Ticket;
use crate::value::{decode, value_bytes};

/// A request sent and not awaited yet (from [`Proxy::get_later`](crate::Proxy::get_later),
/// [`Proxy::call_later`](crate::Proxy::call_later) or
/// [`Proxy::set_attr_later`](crate::Proxy::set_attr_later)). Dropping it
/// abandons the answer, not the request: the worker still runs it, and it
/// counts against [`Host::max_pending`](crate::Host::max_pending) until it
/// is answered.
#[must_use = "a pending reply does nothing unless waited for; drop it to abandon the answer"]
pub struct PendingReply<T> {
    ticket: Ticket,
    /// The path that was sent (for the error when it returned its object).
    path: Vec<Op>,
    _type: PhantomData<fn() -> T>,
}

impl<T> PendingReply<T> {
    pub(crate) fn new(ticket: Ticket, path: Vec<Op>) -> Self {
        PendingReply {
            ticket,
            path,
            _type: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for PendingReply<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PendingReply({})", path_string(&self.path))
    }
}

impl<T: DeserializeOwned> PendingReply<T> {
    /// Waits for the answer (until the request's timeout, counted from when
    /// it was written) and decodes it.
    pub fn wait(self) -> Result<T, Error> {
        decode(&value_bytes(self.ticket.wait()?, || {
            path_string(&self.path)
        })?)
    }
}

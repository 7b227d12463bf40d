//! [`PendingReply`]: a request sent now whose answer is awaited later,
//! by a blocking [`wait`](PendingReply::wait) or by `.await`
//! ([`ReplyFuture`]).

use std::{
    future::{Future, IntoFuture},
    marker::PhantomData,
    pin::Pin,
    task::{Context, Poll},
};

use remoteobj_protocol::{Op, path_string};
use serde::de::DeserializeOwned;

use crate::awaiting::Awaiting;
use crate::error::Error;
use crate::proxy::Proxy;
use crate::requests::Ticket;
use crate::value::{decode, value_bytes};

/// A request sent and not awaited yet (from [`Proxy::get_later`](crate::Proxy::get_later),
/// [`Proxy::call_later`](crate::Proxy::call_later) or
/// [`Proxy::set_attr_later`](crate::Proxy::set_attr_later)). Dropping it
/// abandons the answer, not the request: the worker still runs it, and it
/// counts against [`Host::max_pending`](crate::Host::max_pending) until it
/// is answered.
///
/// Async code awaits it (`pending.await`, through [`IntoFuture`]); the
/// [`ReplyFuture`] that makes withdraws the request when it is dropped
/// before its answer comes.
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

impl<T: DeserializeOwned> IntoFuture for PendingReply<T> {
    type Output = Result<T, Error>;
    type IntoFuture = ReplyFuture<T>;

    fn into_future(self) -> ReplyFuture<T> {
        ReplyFuture {
            unsent: None,
            answer: Some(Awaiting::new(self.ticket)),
            path: self.path,
            _type: PhantomData,
        }
    }
}

/// A request's answer, awaited and decoded as `T`: a [`PendingReply`]
/// being awaited, or a proxy's `_async` op (sent when first polled).
///
/// It needs no particular async runtime: the thread that reads the
/// worker's output wakes the task when the answer comes, and the request's
/// timeout (counted from when it was written) holds as for
/// [`PendingReply::wait`]. Dropping the future before the answer comes
/// withdraws the request, as a timeout does: unless the worker has started
/// it, it never runs, and it stops counting as pending at once.
#[must_use = "a future does nothing unless awaited; dropping it withdraws the request"]
pub struct ReplyFuture<T> {
    /// The proxy whose path is sent at the first poll (an `_async` op).
    unsent: Option<Proxy>,
    /// The answer awaited, once sent.
    answer: Option<Awaiting>,
    path: Vec<Op>,
    _type: PhantomData<fn() -> T>,
}

impl<T> ReplyFuture<T> {
    /// The future of `proxy`'s path, sent when it is first polled.
    pub(crate) fn unsent(proxy: Proxy) -> Self {
        ReplyFuture {
            unsent: Some(proxy),
            answer: None,
            path: Vec::new(),
            _type: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for ReplyFuture<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.unsent {
            Some(proxy) => write!(f, "ReplyFuture({}, not sent)", proxy.path_string()),
            None => write!(f, "ReplyFuture({})", path_string(&self.path)),
        }
    }
}

impl<T: DeserializeOwned> Future for ReplyFuture<T> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        if let Some(proxy) = this.unsent.take() {
            match proxy.get_later::<T>() {
                Ok(pending) => {
                    this.answer = Some(Awaiting::new(pending.ticket));
                    this.path = pending.path;
                }
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
        let Some(answer) = this.answer.as_mut() else {
            panic!("a remoteobj reply future was polled after it returned its answer");
        };
        let Poll::Ready(reply) = Pin::new(answer).poll(cx) else {
            return Poll::Pending;
        };
        Poll::Ready(
            reply
                .and_then(|reply| value_bytes(reply, || path_string(&this.path)))
                .and_then(|bytes| decode(&bytes)),
        )
    }
}

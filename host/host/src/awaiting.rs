//! Awaiting an answer from async code: [`Awaiting`] is the future behind
//! [`ReplyFuture`](crate::ReplyFuture) and the proxies' `_async` ops. It
//! works under any runtime: the side that reads the worker's output wakes
//! its task when the answer comes, and an [`Alarm`] when the deadline
//! passes. Dropping it before the answer comes withdraws the request.

use std::{
    future::Future,
    pin::Pin,
    task::{Context, Poll},
};

use remoteobj_protocol::Reply;

use crate::alarm::Alarm;
use crate::error::Error;
use crate::requests::Ticket;

/// A request's answer, awaited.
pub(crate) struct Awaiting {
    /// `None` once the answer was returned.
    ticket: Option<Ticket>,
    /// Rings at the request's deadline; set at the first poll that finds
    /// no answer.
    alarm: Option<Alarm>,
}

impl Awaiting {
    pub(crate) fn new(ticket: Ticket) -> Self {
        Awaiting {
            ticket: Some(ticket),
            alarm: None,
        }
    }
}

impl Future for Awaiting {
    type Output = Result<Reply, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let Some(ticket) = this.ticket.as_mut() else {
            panic!("a remoteobj reply future was polled after it returned its answer");
        };
        if let Some(answer) = ticket.poll_answer(cx.waker()) {
            this.ticket = None;
            this.alarm = None;
            return Poll::Ready(answer);
        }
        match &this.alarm {
            Some(alarm) => alarm.rewake(cx.waker()),
            None => match Alarm::set(ticket.deadline(), cx.waker()) {
                Ok(alarm) => this.alarm = Some(alarm),
                Err(e) => {
                    if let Some(ticket) = this.ticket.take() {
                        ticket.withdraw();
                    }
                    return Poll::Ready(Err(Error::spawn_io(
                        "(this process)",
                        "starting the thread that times out awaited requests",
                        e,
                    )));
                }
            },
        }
        Poll::Pending
    }
}

impl Drop for Awaiting {
    fn drop(&mut self) {
        if let Some(ticket) = self.ticket.take() {
            ticket.withdraw();
        }
    }
}

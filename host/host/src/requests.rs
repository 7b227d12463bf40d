//! Sending requests: register, write, then wait, each apart, so that a
//! pending reply is just a [`Ticket`] held by its caller and a batch is
//! several tickets for one frame; and the fire-and-forget `post`.

use std::{
    sync::{Arc, mpsc::Receiver, mpsc::RecvTimeoutError},
    time::{Duration, Instant},
};

use remoteobj_pipe::{deadline_after, recv_until};
use remoteobj_protocol::{FrameError, Reply, Request, RequestBody, ToWorker, encode_frame};

use crate::error::{Error, KillReason};
use crate::inflight::Answer;
use crate::session::Session;
use crate::writer::SendError;

/// A request sent and not yet awaited: [`wait`](Self::wait) takes its
/// answer. Dropping it abandons the answer, not the request: the waiter
/// stays registered (and counts against `max_pending`) until the answer
/// comes and is dropped.
pub(crate) struct Ticket {
    session: Arc<Session>,
    id: u64,
    rx: Receiver<Answer>,
    deadline: Instant,
    timeout: Duration,
}

impl Ticket {
    /// Waits for the answer until the request's deadline. One that does
    /// not come in time is withdrawn (or its worker killed, as the host
    /// says).
    pub(crate) fn wait(self) -> Result<Reply, Error> {
        let session = &self.session;
        let spin = session.settings.wait.spin();
        match recv_until(&self.rx, spin, Some(self.deadline)) {
            Ok(answer) => answer,
            Err(RecvTimeoutError::Timeout) => {
                session.shared().inflight.remove(self.id);
                // An answer that came in just now is still an answer.
                if let Ok(answer) = self.rx.try_recv() {
                    return answer;
                }
                if session.settings.kill_on_timeout {
                    session.kill(KillReason::Timeout(self.timeout));
                } else {
                    // Unless the worker has taken it already, it drops it
                    // unrun.
                    session.withdraw(self.id);
                }
                Err(Error::Timeout {
                    object: session.name.clone(),
                    after: self.timeout,
                })
            }
            Err(RecvTimeoutError::Disconnected) => Err(session.unavailable()),
        }
    }
}

impl Session {
    /// Sends one request and waits for its answer.
    pub(crate) fn request(
        self: &Arc<Self>,
        body: RequestBody,
        timeout: Duration,
    ) -> Result<Reply, Error> {
        self.submit_one(body, timeout)?.wait()
    }

    /// Sends one request and returns its ticket without waiting.
    pub(crate) fn submit_one(
        self: &Arc<Self>,
        body: RequestBody,
        timeout: Duration,
    ) -> Result<Ticket, Error> {
        self.submit(vec![body], timeout)?
            .pop()
            .ok_or_else(|| Error::Protocol("a request was sent without a ticket".into()))
    }

    /// Sends `bodies` in one frame (one request, or a batch) and returns
    /// without waiting: each ticket waits for its own answer, until
    /// `timeout` after the frame was written.
    pub(crate) fn submit(
        self: &Arc<Self>,
        bodies: Vec<RequestBody>,
        timeout: Duration,
    ) -> Result<Vec<Ticket>, Error> {
        let count = bodies.len();
        let first = self.take_ids(count as u64);
        let ids = first..first + count as u64;
        let mut requests: Vec<Request> = ids
            .clone()
            .zip(bodies)
            .map(|(id, body)| Request { id, body })
            .collect();
        let msg = match requests.len() {
            1 => ToWorker::Request(requests.remove(0)),
            _ => ToWorker::Batch(requests),
        };
        let frame = self.encode_request(&msg)?;
        let mut tickets = Vec::with_capacity(count);
        {
            let mut s = self.shared();
            if !s.life.is_listening() {
                return Err(s.life.error(&self.name));
            }
            if s.inflight.len() + count > self.settings.max_pending {
                return Err(Error::TooManyPending {
                    object: self.name.clone(),
                    limit: self.settings.max_pending,
                });
            }
            for id in ids.clone() {
                tickets.push(Ticket {
                    session: self.clone(),
                    id,
                    rx: s.inflight.register(id),
                    // Set once the frame is written.
                    deadline: Instant::now(),
                    timeout,
                });
            }
        }
        if let Err(e) = self.write(&frame, timeout, true) {
            let error = match self.write_failed(&e, timeout) {
                Some(error) => error,
                // The worker is gone or going; the reader thread is about
                // to fail every pending request with the reason (the
                // waiters stay registered until it has).
                None => match tickets[0]
                    .rx
                    .recv_timeout(timeout.min(Duration::from_secs(4)))
                {
                    Ok(Err(death)) => death,
                    _ => Error::Protocol(format!("could not send the request to the worker: {e}")),
                },
            };
            let mut s = self.shared();
            for id in ids {
                s.inflight.remove(id);
            }
            return Err(error);
        }
        // The timeout counts from here: waiting for the pipe is not
        // waiting for the answer.
        let deadline = deadline_after(timeout);
        for ticket in &mut tickets {
            ticket.deadline = deadline;
        }
        let mut s = self.shared();
        for id in ids {
            s.inflight.mark_sent(id);
        }
        Ok(tickets)
    }

    /// Sends one request nobody waits for: the worker answers it only if
    /// it fails, and that answer is logged (fire-and-forget).
    pub(crate) fn post(&self, body: RequestBody, timeout: Duration) -> Result<(), Error> {
        let id = self.take_ids(1);
        let frame = self.encode_request(&ToWorker::Post(Request { id, body }))?;
        {
            let s = self.shared();
            if !s.life.is_listening() {
                return Err(s.life.error(&self.name));
            }
        }
        self.write(&frame, timeout, true).map_err(|e| {
            self.write_failed(&e, timeout).unwrap_or_else(|| {
                Error::Protocol(format!("could not send the request to the worker: {e}"))
            })
        })
    }

    fn encode_request(&self, msg: &ToWorker) -> Result<Vec<u8>, Error> {
        encode_frame(msg, self.settings.max_frame).map_err(|e| match e {
            FrameError::TooLarge { len, max } => Error::FrameTooLarge {
                what: "the request".into(),
                len,
                max,
            },
            other => Error::Encode(other.to_string()),
        })
    }

    /// What a request whose frame could not be written fails with, when
    /// that is known now; `None` when the worker is gone or going and the
    /// reader thread is about to say why.
    fn write_failed(&self, e: &SendError, timeout: Duration) -> Option<Error> {
        {
            let s = self.shared();
            // Closed while we were about to write (never sent), or killed
            // for not reading it (or dead already).
            if !s.life.is_live() {
                return Some(s.life.error(&self.name));
            }
        }
        match e {
            // Other frames held the pipe all along: never sent.
            SendError::Waited => {
                if self.settings.kill_on_timeout {
                    self.kill(KillReason::SendTimeout(timeout));
                }
                Some(Error::Timeout {
                    object: self.name.clone(),
                    after: timeout,
                })
            }
            SendError::Closed | SendError::Pipe(_) => None,
        }
    }
}

//! Batches: several ops on one object sent as one frame, answered in order,
//! each with its own result.

use std::{sync::Arc, time::Duration};

use remoteobj_protocol::{Op, RequestBody, path_string};
use serde::Serialize;

use crate::args::IntoArgs;
use crate::error::Error;
use crate::proxy::Proxy;
use crate::session::Session;
use crate::value::{Value, decode, value_bytes};

/// Ops on one object, sent together as one frame when [`run`](Self::run) is
/// called. The worker runs them in order and writes their answers a few KiB
/// at a time; [`run`](Self::run) returns them together, each op with its own
/// result, so one that fails (a missing attribute, a guest error) leaves the
/// others as they are.
///
/// ```no_run
/// # fn demo(obj: &remoteobj_host::RemoteObject) -> Result<(), remoteobj_host::Error> {
/// let r = obj.proxy();
/// let mut batch = obj.batch();
/// batch.call(&r.attr("inc"), ()).set_attr(&r, "is_on", true).get(&r.attr("x"));
/// let results = batch.run()?; // one Result<Value, Error> per op, in order
/// # Ok(()) }
/// ```
///
/// Ops that cannot be sent (an argument that does not encode, a proxy of
/// another object, a path the guest could never resolve) fail on their own,
/// without being sent; the rest still go. The whole batch fails only when
/// the object cannot be reached at all (closed, dead, timed out, or the
/// frame is over the limit).
pub struct Batch {
    session: Arc<Session>,
    ops: Vec<Result<Vec<Op>, Error>>,
    timeout: Option<Duration>,
}

impl std::fmt::Debug for Batch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Batch")
            .field("object", &self.session.name)
            .field("ops", &self.ops.len())
            .finish()
    }
}

impl Proxy {
    /// A batch of ops on this proxy's object, sent as one frame (see
    /// [`Batch`]).
    pub fn batch(&self) -> Batch {
        Batch::new(self.session.clone())
    }
}

impl Batch {
    pub(crate) fn new(session: Arc<Session>) -> Self {
        Batch {
            session,
            ops: Vec::new(),
            timeout: None,
        }
    }

    fn push(&mut self, p: &Proxy) -> &mut Self {
        let op = if Arc::ptr_eq(&p.session, &self.session) {
            p.ready_path()
        } else {
            Err(Error::InvalidPath {
                path: p.path_string(),
                message: "the proxy belongs to another object than the batch".into(),
            })
        };
        self.ops.push(op);
        self
    }

    /// Resolves `p` (its value is the op's result).
    pub fn get(&mut self, p: &Proxy) -> &mut Self {
        self.push(p)
    }

    /// `p(*args, **kwargs)`.
    pub fn call(&mut self, p: &Proxy, args: impl IntoArgs) -> &mut Self {
        self.push(&p.call_proxy(args))
    }

    /// `p.name = value` (the op's result is null).
    pub fn set_attr<T: Serialize>(
        &mut self,
        p: &Proxy,
        name: impl Into<String>,
        value: T,
    ) -> &mut Self {
        self.push(&p.set_attr_op(name, value))
    }

    /// `p[key] = value` (the op's result is null).
    pub fn set_item<K: Serialize, T: Serialize>(
        &mut self,
        p: &Proxy,
        key: K,
        value: T,
    ) -> &mut Self {
        self.push(&p.set_item_op(key, value))
    }

    /// How long the batch waits for all its answers (the host's request
    /// timeout unless set).
    pub fn timeout(&mut self, timeout: Duration) -> &mut Self {
        self.timeout = Some(timeout);
        self
    }

    /// How many ops the batch holds.
    pub fn len(&self) -> usize {
        self.ops.len()
    }

    /// Whether the batch holds no op.
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// Sends the ops as one frame and waits for all their answers: one
    /// result per op, in the order they were added. An op whose method
    /// returned the object itself gives [`Error::ReturnedSelf`].
    pub fn run(&mut self) -> Result<Vec<Result<Value, Error>>, Error> {
        let ops = std::mem::take(&mut self.ops);
        let timeout = self
            .timeout
            .unwrap_or(self.session.settings.request_timeout);
        let bodies: Vec<RequestBody> = ops
            .iter()
            .flatten()
            .map(|path| RequestBody::Invoke(path.clone()))
            .collect();
        let mut tickets = if bodies.is_empty() {
            Vec::new()
        } else {
            self.session.submit(bodies, timeout)?
        }
        .into_iter();
        let mut results = Vec::with_capacity(ops.len());
        for op in ops {
            results.push(match op {
                Err(e) => Err(e),
                Ok(path) => match tickets.next() {
                    Some(ticket) => ticket
                        .wait()
                        .and_then(|reply| value_bytes(reply, || path_string(&path)))
                        .and_then(|bytes| decode(&bytes)),
                    None => Err(Error::Protocol(
                        "a batch op was sent without a ticket".into(),
                    )),
                },
            });
        }
        Ok(results)
    }
}

//! Proxies: build a path of ops lazily, send it as one request when it is
//! resolved or when an eager op (call, set, delete, len, contains) is applied.

use std::{sync::Arc, time::Duration};

use remoteobj_protocol::{
    MAX_PATH_LEN, Op, PathError, Reply, RequestBody, check_path, path_string, this_path,
};
use serde::{Serialize, de::DeserializeOwned};
use serde_bytes::ByteBuf;

use crate::args::IntoArgs;
use crate::error::Error;
use crate::path::SharedPath;
use crate::pending::PendingReply;
use crate::session::Session;
use crate::value::{Value, decode, encode_message, value_bytes};

/// A handle on something inside a remote object: the object itself, an
/// attribute, an item, a base implementation, or a lazy call result.
///
/// Building a proxy (`attr`, `item`, `super_`, `attrs`, `call_proxy`) sends
/// nothing. Resolving it (`get`, `get_or`, `value`) or applying an eager op
/// (`call`, `set_attr`, `set_item`, `del_attr`, `del_item`, `len`,
/// `contains`) sends the whole path as one request, resolved inside the
/// guest in one round trip.
///
/// Proxies are `Clone + Send + Sync`; clones share the object. A proxy
/// built from another shares its path rather than copying it, so building
/// costs the same at any length; the path's limit
/// ([`MAX_PATH_LEN`](crate::MAX_PATH_LEN) links) is checked when it is sent.
#[derive(Clone)]
pub struct Proxy {
    pub(crate) session: Arc<Session>,
    path: SharedPath,
    timeout: Option<Duration>,
    /// The first host-side encoding error met while building the path; it is
    /// reported when the proxy is used.
    invalid: Option<Arc<str>>,
}

impl std::fmt::Debug for Proxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Proxy({}:{})", self.session.name, self.path_string())
    }
}

/// What [`Proxy::resolve`] found.
#[derive(Debug, Clone)]
pub enum Resolved {
    /// A value.
    Value(Value),
    /// The object a method returned (itself), as a proxy.
    Object(Proxy),
}

impl Proxy {
    pub(crate) fn root(session: Arc<Session>) -> Self {
        Proxy {
            session,
            path: SharedPath::new(),
            timeout: None,
            invalid: None,
        }
    }

    fn extend(&self, op: Op) -> Proxy {
        Proxy {
            session: self.session.clone(),
            path: self.path.push(op),
            timeout: self.timeout,
            invalid: self.invalid.clone(),
        }
    }

    fn encoded<T: Serialize>(&self, value: &T) -> (Option<ByteBuf>, Option<Arc<str>>) {
        match encode_message(value) {
            Ok(bytes) => (Some(ByteBuf::from(bytes)), self.invalid.clone()),
            Err(e) => (None, self.invalid.clone().or_else(|| Some(e.into()))),
        }
    }

    // ----- lazy: build the path -----

    /// `p.name`: a proxy on an attribute (nothing is sent).
    pub fn attr(&self, name: impl Into<String>) -> Proxy {
        self.extend(Op::GetAttr(name.into()))
    }

    /// `p.a.b.c` from `"a.b.c"`; several dotted strings chain
    /// (`attrs(&["a.b", "c"])` is `a.b.c`). Nothing is sent.
    pub fn attrs<S: AsRef<str>>(&self, dotted: &[S]) -> Proxy {
        let mut p = self.clone();
        for part in dotted.iter().flat_map(|d| d.as_ref().split('.')) {
            if !part.is_empty() {
                p = p.attr(part);
            }
        }
        p
    }

    /// `p[key]`: a proxy on an item (nothing is sent).
    pub fn item<K: Serialize>(&self, key: K) -> Proxy {
        let (bytes, invalid) = self.encoded(&key);
        let mut next = self.extend(Op::GetItem(bytes.unwrap_or_default()));
        next.invalid = invalid;
        next
    }

    /// `p.super`: a proxy on the base implementation of the object
    /// (`super(type(obj), obj)`); a method called through it runs the base's
    /// version, not the override.
    pub fn super_(&self) -> Proxy {
        self.extend(Op::Super)
    }

    /// `p(*args)` as a lazy proxy: the call is made when the returned proxy
    /// is resolved (Python's `_proxy=True`).
    pub fn call_proxy(&self, args: impl IntoArgs) -> Proxy {
        let args = args.into_args();
        let mut next = self.extend(Op::Call {
            args: args.positional,
            kwargs: args.named,
        });
        if next.invalid.is_none() {
            next.invalid = args.invalid.map(Into::into);
        }
        next
    }

    /// The same proxy with another timeout for its requests (the default is
    /// the host's request timeout).
    pub fn with_timeout(&self, timeout: Duration) -> Proxy {
        let mut p = self.clone();
        p.timeout = Some(timeout);
        p
    }

    // ----- eager: send the path -----

    /// Resolves the proxy into any deserializable type.
    pub fn get<T: DeserializeOwned>(&self) -> Result<T, Error> {
        let bytes = self.fetch_here()?;
        decode(&bytes)
    }

    /// Resolves the proxy, or returns `default` when the object is not
    /// listening (not started, closed, or dead) or the request was cancelled
    /// by closing it ([`Error::is_unavailable`]). Errors raised by the guest
    /// are still errors.
    pub fn get_or<T: DeserializeOwned>(&self, default: T) -> Result<T, Error> {
        match self.get() {
            Err(e) if e.is_unavailable() => Ok(default),
            other => other,
        }
    }

    /// Resolves the proxy into a dynamic [`Value`].
    pub fn value(&self) -> Result<Value, Error> {
        self.get()
    }

    /// Sends the path as it is and returns what it designates: a value, or,
    /// when the path ends in a call to a method that returned its object, a
    /// proxy on that object. For code (like the command line) that does not
    /// know in advance which it will be.
    pub fn resolve(&self) -> Result<Resolved, Error> {
        match self.send_here()? {
            Reply::Value(bytes) => Ok(Resolved::Value(decode(&bytes)?)),
            Reply::This => Ok(Resolved::Object(self.this_proxy(&self.path.to_vec()))),
            Reply::Schema(_) => Err(Error::Protocol("invoke answered with a schema".into())),
        }
    }

    /// `p(*args, **kwargs)`: calls now and returns the value.
    ///
    /// A method that returns the object itself gives [`Error::ReturnedSelf`];
    /// call such methods with [`call_chain`](Self::call_chain).
    pub fn call<R: DeserializeOwned>(&self, args: impl IntoArgs) -> Result<R, Error> {
        let call = self.call_proxy(args);
        let bytes = call.fetch_here()?;
        decode(&bytes)
    }

    /// Calls a method that returns the object itself and returns a proxy on
    /// that object, so calls chain: `obj.attr("chain").call_chain(())?
    /// .attr("chain").call_chain(())?`. A method that returns a value gives
    /// [`Error::NotSelf`].
    pub fn call_chain(&self, args: impl IntoArgs) -> Result<Proxy, Error> {
        let call = self.call_proxy(args);
        match call.send_here()? {
            Reply::This => Ok(self.this_proxy(&call.path.to_vec())),
            Reply::Value(_) => Err(Error::NotSelf {
                path: call.path_string(),
            }),
            Reply::Schema(_) => Err(Error::Protocol("call answered with a schema".into())),
        }
    }

    // ----- pipelined: send now, wait later -----

    /// Sends the proxy's path now and returns at once: the answer is taken
    /// later with [`PendingReply::wait`]. Any number of requests can be in
    /// flight on one object (up to [`Host::max_pending`](crate::Host::max_pending));
    /// the timeout counts from when the request is written.
    pub fn get_later<T: DeserializeOwned>(&self) -> Result<PendingReply<T>, Error> {
        self.submit_here()
    }

    /// `p(*args, **kwargs)`, sent now; the value is taken later with
    /// [`PendingReply::wait`].
    pub fn call_later<R: DeserializeOwned>(
        &self,
        args: impl IntoArgs,
    ) -> Result<PendingReply<R>, Error> {
        self.call_proxy(args).submit_here()
    }

    /// `p.name = value`, sent now; [`PendingReply::wait`] says whether it
    /// worked.
    pub fn set_attr_later<T: Serialize>(
        &self,
        name: impl Into<String>,
        value: T,
    ) -> Result<PendingReply<()>, Error> {
        self.set_attr_op(name, value).submit_here()
    }

    /// `p.name = value`, fire-and-forget: returns once the request is
    /// written. The worker answers only if it fails, and that failure is
    /// logged (target `remoteobj::object`, level warn), not returned.
    /// Fire-and-forget requests are not counted in
    /// [`Host::max_pending`](crate::Host::max_pending); a worker that is
    /// busy stops reading them after 65,536 queued, and writes then wait
    /// for it like any other (up to the request timeout; past it the worker
    /// is killed as one that stopped reading its input).
    /// Requests on one object run in the order they were sent, so a later
    /// read sees the value.
    pub fn set_attr_nowait<T: Serialize>(
        &self,
        name: impl Into<String>,
        value: T,
    ) -> Result<(), Error> {
        self.set_attr_op(name, value).post_here()
    }

    /// `p(*args, **kwargs)`, fire-and-forget, like
    /// [`set_attr_nowait`](Self::set_attr_nowait): what it returns is
    /// dropped, a failure is logged.
    pub fn call_nowait(&self, args: impl IntoArgs) -> Result<(), Error> {
        self.call_proxy(args).post_here()
    }

    /// `p.name = value`, now.
    pub fn set_attr<T: Serialize>(&self, name: impl Into<String>, value: T) -> Result<(), Error> {
        self.set_attr_op(name, value).fetch_here().map(drop)
    }

    /// `p[key] = value`, now.
    pub fn set_item<K: Serialize, T: Serialize>(&self, key: K, value: T) -> Result<(), Error> {
        self.set_item_op(key, value).fetch_here().map(drop)
    }

    /// `del p.name`, now.
    pub fn del_attr(&self, name: impl Into<String>) -> Result<(), Error> {
        self.extend(Op::DelAttr(name.into())).fetch_here().map(drop)
    }

    /// `del p[key]`, now.
    pub fn del_item<K: Serialize>(&self, key: K) -> Result<(), Error> {
        self.keyed(Op::DelItem, &key).fetch_here().map(drop)
    }

    /// `len(p)`, now.
    pub fn len(&self) -> Result<u64, Error> {
        decode(&self.extend(Op::Len).fetch_here()?)
    }

    /// `len(p) == 0`, now.
    pub fn is_empty(&self) -> Result<bool, Error> {
        Ok(self.len()? == 0)
    }

    /// `key in p`, now.
    pub fn contains<K: Serialize>(&self, key: K) -> Result<bool, Error> {
        decode(&self.keyed(Op::Contains, &key).fetch_here()?)
    }

    /// `passto(func, p, *args)`: runs the guest function `func` on what the
    /// proxy designates, now, and returns its result. Host code cannot cross
    /// the sandbox, so `func` is one the guest answers: the built-ins below,
    /// or a free function the guest author exported.
    pub fn passto<R: DeserializeOwned>(&self, func: &str, args: impl IntoArgs) -> Result<R, Error> {
        decode(&self.passto_op(func, args).fetch_here()?)
    }

    /// `str(p)`: the guest's `Display` text of the object (or of its value).
    pub fn str_(&self) -> Result<String, Error> {
        self.passto("str", ())
    }

    /// `repr(p)`: the guest's `Debug` text of the object (or of its value).
    pub fn repr(&self) -> Result<String, Error> {
        self.passto("repr", ())
    }

    /// `list(p)`: the items of a container (a dict's keys), all at once.
    /// Iteration is explicit: a proxy never iterates by itself.
    pub fn list<T: DeserializeOwned>(&self) -> Result<Vec<T>, Error> {
        self.passto("list", ())
    }

    /// `hasattr(p, name)`.
    pub fn hasattr(&self, name: &str) -> Result<bool, Error> {
        self.passto("hasattr", (name,))
    }

    /// `dir(p)`: the names of the attributes and methods, sorted.
    pub fn dir(&self) -> Result<Vec<String>, Error> {
        self.passto("dir", ())
    }

    /// The path as text, e.g. `another.append(…)[0]`.
    pub fn path_string(&self) -> String {
        path_string(&self.path.to_vec())
    }

    // ----- plumbing -----

    fn with_invalid(&self, invalid: Option<Arc<str>>) -> Proxy {
        let mut p = self.clone();
        p.invalid = invalid;
        p
    }

    /// `p.name = value` as a proxy, not sent yet.
    pub(crate) fn set_attr_op<T: Serialize>(&self, name: impl Into<String>, value: T) -> Proxy {
        let (bytes, invalid) = self.encoded(&value);
        self.extend(Op::SetAttr(name.into(), bytes.unwrap_or_default()))
            .with_invalid(invalid)
    }

    /// `passto(func, p, *args)` as a proxy, not sent yet.
    fn passto_op(&self, func: &str, args: impl IntoArgs) -> Proxy {
        let args = args.into_args();
        let invalid = self.invalid.clone().or(args.invalid.map(Into::into));
        let op = Op::PassTo {
            func: func.to_string(),
            args: args.positional,
            kwargs: args.named,
        };
        self.extend(op).with_invalid(invalid)
    }

    /// `p[key] = value` as a proxy, not sent yet.
    pub(crate) fn set_item_op<K: Serialize, T: Serialize>(&self, key: K, value: T) -> Proxy {
        let (k, invalid) = self.encoded(&key);
        let (v, invalid2) = self.encoded(&value);
        self.extend(Op::SetItem(k.unwrap_or_default(), v.unwrap_or_default()))
            .with_invalid(invalid.or(invalid2))
    }

    /// The path plus an op taking an encoded key (`del p[key]`, `key in p`).
    fn keyed<K: Serialize>(&self, op: fn(ByteBuf) -> Op, key: &K) -> Proxy {
        let (k, invalid) = self.encoded(key);
        self.extend(op(k.unwrap_or_default())).with_invalid(invalid)
    }

    /// The path, ready to send: no encoding error met while building it,
    /// and a shape the guest can resolve.
    pub(crate) fn ready_path(&self) -> Result<Vec<Op>, Error> {
        if let Some(message) = &self.invalid {
            return Err(Error::Encode(message.to_string()));
        }
        // Too long is known without materialising the path (which may be
        // any length: building it is cheap); the error shows its start.
        let len = self.path.len();
        if len > MAX_PATH_LEN {
            return Err(Error::InvalidPath {
                path: format!("{}…", path_string(&self.path.first(8))),
                message: PathError::TooLong { len }.to_string(),
            });
        }
        let path = self.path.to_vec();
        check_path(&path).map_err(|e| Error::InvalidPath {
            path: path_string(&path),
            message: e.to_string(),
        })?;
        Ok(path)
    }

    fn timeout(&self) -> Duration {
        self.timeout
            .unwrap_or(self.session.settings.request_timeout)
    }

    /// Sends this proxy's path and waits for the answer.
    fn send_here(&self) -> Result<Reply, Error> {
        let path = self.ready_path()?;
        self.session
            .request(RequestBody::Invoke(path), self.timeout())
    }

    /// Sends this proxy's path and returns the value's bytes.
    fn fetch_here(&self) -> Result<Vec<u8>, Error> {
        value_bytes(self.send_here()?, || self.path_string())
    }

    fn submit_here<T: DeserializeOwned>(&self) -> Result<PendingReply<T>, Error> {
        let path = self.ready_path()?;
        let ticket = self
            .session
            .submit_one(RequestBody::Invoke(path.clone()), self.timeout())?;
        Ok(PendingReply::new(ticket, path))
    }

    fn post_here(&self) -> Result<(), Error> {
        let path = self.ready_path()?;
        self.session.post(RequestBody::Invoke(path), self.timeout())
    }

    /// The proxy on the object a path designates when the guest answered
    /// "the object itself" for it (see [`this_path`]: `chain().chain()` is
    /// the root proxy).
    fn this_proxy(&self, path: &[Op]) -> Proxy {
        let mut p = self.clone();
        p.path = SharedPath::from_ops(this_path(path));
        p
    }
}

mod asynchronous;
#[cfg(test)]
mod tests;

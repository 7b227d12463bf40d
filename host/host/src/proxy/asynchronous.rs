//! The proxy's eager ops for async code: each `_async` op builds its path
//! now (encoding its arguments, so the future borrows nothing) and returns
//! a future that sends it when first polled and resolves to what the
//! blocking op returns: a [`ReplyFuture`], `'static` whenever its value
//! type is. The futures need no particular runtime
//! (see [`ReplyFuture`](crate::ReplyFuture)): the thread that reads the
//! worker's output wakes the task, the request's timeout holds, and
//! dropping a future before its answer comes withdraws the request.
//!
//! Sending writes the frame from the polling thread, at once unless the
//! worker is slow to read its input (then up to the request timeout, as
//! for a blocking op).

use std::{future::Future, pin::Pin};

use remoteobj_protocol::{Op, Reply, RequestBody};
use serde::{Serialize, de::DeserializeOwned};

use super::{Proxy, Resolved};
use crate::args::IntoArgs;
use crate::awaiting::Awaiting;
use crate::error::Error;
use crate::pending::ReplyFuture;
use crate::value::{Value, decode};

impl Proxy {
    /// [`get`](Self::get) for async code: resolves the proxy into any
    /// deserializable type.
    pub fn get_async<T: DeserializeOwned>(&self) -> ReplyFuture<T> {
        ReplyFuture::unsent(self.clone())
    }

    /// [`value`](Self::value) for async code.
    pub fn value_async(&self) -> ReplyFuture<Value> {
        self.get_async()
    }

    /// [`resolve`](Self::resolve) for async code: a value, or a proxy on
    /// the object a method returned.
    pub fn resolve_async(&self) -> impl Future<Output = Result<Resolved, Error>> + Send + use<> {
        let p = self.clone();
        async move {
            match p.awaited().await? {
                Reply::Value(bytes) => Ok(Resolved::Value(decode(&bytes)?)),
                Reply::This => Ok(Resolved::Object(p.this_proxy(&p.path.to_vec()))),
                Reply::Schema(_) => Err(Error::Protocol("invoke answered with a schema".into())),
            }
        }
    }

    /// [`call`](Self::call) for async code: `p(*args, **kwargs)`.
    pub fn call_async<R: DeserializeOwned>(&self, args: impl IntoArgs) -> ReplyFuture<R> {
        self.call_proxy(args).get_async()
    }

    /// [`call_chain`](Self::call_chain) for async code: calls a method
    /// that returns the object itself and gives a proxy on that object.
    pub fn call_chain_async(
        &self,
        args: impl IntoArgs,
    ) -> Pin<Box<dyn Future<Output = Result<Proxy, Error>> + Send + 'static>> {
        let (base, call) = (self.clone(), self.call_proxy(args));
        Box::pin(async move {
            match call.awaited().await? {
                Reply::This => Ok(base.this_proxy(&call.path.to_vec())),
                Reply::Value(_) => Err(Error::NotSelf {
                    path: call.path_string(),
                }),
                Reply::Schema(_) => Err(Error::Protocol("call answered with a schema".into())),
            }
        })
    }

    /// [`set_attr`](Self::set_attr) for async code: `p.name = value`.
    pub fn set_attr_async<T: Serialize>(
        &self,
        name: impl Into<String>,
        value: T,
    ) -> ReplyFuture<()> {
        self.set_attr_op(name, value).get_async()
    }

    /// [`set_item`](Self::set_item) for async code: `p[key] = value`.
    pub fn set_item_async<K: Serialize, T: Serialize>(&self, key: K, value: T) -> ReplyFuture<()> {
        self.set_item_op(key, value).get_async()
    }

    /// [`del_attr`](Self::del_attr) for async code: `del p.name`.
    pub fn del_attr_async(&self, name: impl Into<String>) -> ReplyFuture<()> {
        self.extend(Op::DelAttr(name.into())).get_async()
    }

    /// [`del_item`](Self::del_item) for async code: `del p[key]`.
    pub fn del_item_async<K: Serialize>(&self, key: K) -> ReplyFuture<()> {
        self.keyed(Op::DelItem, &key).get_async()
    }

    /// [`len`](Self::len) for async code: `len(p)`.
    pub fn len_async(&self) -> ReplyFuture<u64> {
        self.extend(Op::Len).get_async()
    }

    /// [`contains`](Self::contains) for async code: `key in p`.
    pub fn contains_async<K: Serialize>(&self, key: K) -> ReplyFuture<bool> {
        self.keyed(Op::Contains, &key).get_async()
    }

    /// [`passto`](Self::passto) for async code: runs the guest function
    /// `func` on what the proxy designates (`"str"`, `"repr"`, `"list"`,
    /// `"hasattr"`, `"dir"`, or one the guest exported).
    pub fn passto_async<R: DeserializeOwned>(
        &self,
        func: &str,
        args: impl IntoArgs,
    ) -> ReplyFuture<R> {
        self.passto_op(func, args).get_async()
    }

    /// [`get_or`](Self::get_or) for async code: `default` when the object
    /// is not listening or the request was cancelled.
    pub fn get_or_async<T: DeserializeOwned + Send + 'static>(
        &self,
        default: T,
    ) -> impl Future<Output = Result<T, Error>> + Send + use<T> {
        let get = self.get_async::<T>();
        async move {
            match get.await {
                Err(e) if e.is_unavailable() => Ok(default),
                other => other,
            }
        }
    }

    /// Sends the path when first polled and resolves to the worker's reply.
    fn awaited(&self) -> impl Future<Output = Result<Reply, Error>> + Send + use<> {
        let p = self.clone();
        async move {
            let path = p.ready_path()?;
            let ticket = p
                .session
                .submit_one(RequestBody::Invoke(path), p.timeout())?;
            Awaiting::new(ticket).await
        }
    }
}

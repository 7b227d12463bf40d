//! [`Call`] and [`CallArgs`]: how a typed client's method (written by
//! `#[remote]` or by `remoteobj bindgen`) builds its call and reads its
//! answer.

use std::{future::Future, pin::Pin};

use serde::Serialize;

use super::Client;
use crate::args::Args;
use crate::error::Error;
use crate::proxy::Proxy;

/// A call's arguments, named after the method's parameters: positional
/// until one that may be left out is left out, then by name, so a guest
/// fills what is left out with its defaults.
#[derive(Debug, Default)]
pub struct CallArgs {
    args: Args,
    named: bool,
}

impl CallArgs {
    /// No arguments yet.
    pub fn new() -> Self {
        CallArgs::default()
    }

    /// Adds the parameter `name`'s value.
    pub fn required<T: Serialize>(&mut self, name: &str, value: T) {
        let args = std::mem::take(&mut self.args);
        self.args = if self.named {
            args.kwarg(name, value)
        } else {
            args.arg(value)
        };
    }

    /// Adds the parameter `name`'s value, or leaves it out (`None`): the
    /// parameters after it then go by name.
    pub fn optional<T: Serialize>(&mut self, name: &str, value: Option<T>) {
        match value {
            Some(value) => self.required(name, value),
            None => self.named = true,
        }
    }

    /// From here on, parameters go by name (the parameters after
    /// Python's `*`).
    pub fn by_name(&mut self) {
        self.named = true;
    }

    /// The arguments.
    pub fn into_args(self) -> Args {
        self.args
    }
}

/// What a typed method that returns the object itself gives in async
/// code: the client, again.
pub type ThisFuture<C> = Pin<Box<dyn Future<Output = Result<C, Error>> + Send>>;

/// A call (or property read) a typed client's method makes: the proxy
/// ending in it, resolved as the method's return type says.
#[derive(Debug, Clone)]
pub struct Call(Proxy);

impl Call {
    /// The call `proxy` ends in (nothing is sent yet).
    pub fn new(proxy: Proxy) -> Self {
        Call(proxy)
    }

    /// The call of the method `name` of what `proxy` designates (nothing
    /// is sent yet).
    pub fn method(proxy: &Proxy, name: &str, args: CallArgs) -> Self {
        Call(proxy.attr(name).call_proxy(args.into_args()))
    }

    /// Sends it, for a method that returns the object itself: its client.
    pub fn this<C: Client>(&self) -> Result<C, Error> {
        self.resolve_this().map(C::from_proxy)
    }

    /// [`this`](Self::this) for async code (sent when first polled).
    pub fn this_future<C: Client>(self) -> ThisFuture<C> {
        Box::pin(async move { self.resolve_this_async().await.map(C::from_proxy) })
    }

    /// Sends it and decodes the answer as a `T`.
    pub fn get<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        self.0.get()
    }

    /// The answer as a future, sent when first polled.
    pub fn future<T>(self) -> crate::ReplyFuture<T> {
        crate::ReplyFuture::unsent(self.0)
    }

    /// The object a method that returns itself returned.
    pub fn resolve_this(&self) -> Result<Proxy, Error> {
        Self::object_of(self.0.resolve()?, &self.0)
    }

    /// [`resolve_this`](Self::resolve_this) for async code.
    pub async fn resolve_this_async(&self) -> Result<Proxy, Error> {
        Self::object_of(self.0.resolve_async().await?, &self.0)
    }

    fn object_of(resolved: crate::Resolved, call: &Proxy) -> Result<Proxy, Error> {
        match resolved {
            crate::Resolved::Object(p) => Ok(p),
            crate::Resolved::Value(_) => Err(Error::NotSelf {
                path: call.path_string(),
            }),
        }
    }
}

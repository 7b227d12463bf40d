// The typed client of the remote `C`, written by `remoteobj bindgen levels`
// from its schema (version 2; this remoteobj reads up to 2).
// Regenerate it rather than editing it.

use remoteobj_host::ComponentSource;
use remoteobj_host::Error;
use remoteobj_host::Host;
use remoteobj_host::Proxy;
use remoteobj_host::ReplyFuture;
use remoteobj_host::typed::Call;
use remoteobj_host::typed::CallArgs;
use remoteobj_host::typed::Client;
use remoteobj_host::typed::Owned;
use std::time::Duration;

/// The leaf class (no `Display` or `Debug`: `B`'s are used).
///
/// (A typed client, written by `remoteobj bindgen`.)
#[derive(Clone, Debug)]
#[allow(dead_code, non_camel_case_types)]
pub struct CClient {
    proxy: Proxy,
}

impl Client for CClient {
    fn from_proxy(proxy: Proxy) -> Self {
        CClient { proxy }
    }

    fn proxy(&self) -> &Proxy {
        &self.proxy
    }
}

#[allow(dead_code, non_snake_case)]
impl CClient {
    /// The client of the object (or part of one) `proxy` designates;
    /// nothing is sent.
    pub fn from_proxy(proxy: Proxy) -> Self {
        CClient { proxy }
    }

    /// The dynamic proxy underneath, for what the typed methods do not
    /// cover.
    pub fn proxy(&self) -> &Proxy {
        &self.proxy
    }

    /// The same client with another timeout for its requests.
    pub fn with_timeout(&self, timeout: Duration) -> Self {
        Self::from_proxy(self.proxy.with_timeout(timeout))
    }

    /// Starts `component` (a guest exporting this type) with `host`,
    /// waits until it listens, and returns its client with it.
    pub fn spawn(host: &Host, component: ComponentSource) -> Result<Owned<Self>, Error> {
        Owned::spawn(host, component)
    }

    /// [`spawn`](Self::spawn) for async code.
    pub fn spawn_async(
        host: &Host,
        component: ComponentSource,
    ) -> impl Future<Output = Result<Owned<Self>, Error>> + Send + use<> {
        Owned::spawn_async(host, component)
    }

    /// The base's implementation (`super(type(obj), obj)`), through this
    /// client: the base's methods run, not this type's overrides
    /// (members the base lacks answer with errors).
    pub fn super_(&self) -> Self {
        Self::from_proxy(self.proxy.super_())
    }

    /// Returns "C".
    pub fn f(&self) -> Result<String, Error> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "f", args);
        call.get()
    }

    /// Returns "C".
    ///
    /// (Async.)
    pub fn f_async(&self) -> ReplyFuture<String> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "f", args);
        call.future()
    }

    /// Defined on A only.
    pub fn who(&self) -> Result<String, Error> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "who", args);
        call.get()
    }

    /// Defined on A only.
    ///
    /// (Async.)
    pub fn who_async(&self) -> ReplyFuture<String> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "who", args);
        call.future()
    }

    /// Set on B.
    pub fn b_only(&self) -> Result<i64, Error> {
        self.proxy.attr("b_only").get()
    }

    /// Set on B.
    ///
    /// (Async.)
    pub fn b_only_async(&self) -> ReplyFuture<i64> {
        self.proxy.attr("b_only").get_async()
    }

    /// Assigns the attribute `b_only`.
    pub fn set_b_only(&self, value: i64) -> Result<(), Error> {
        self.proxy.set_attr("b_only", value)
    }

    /// Assigns the attribute `b_only`.
    ///
    /// (Async.)
    pub fn set_b_only_async(&self, value: i64) -> ReplyFuture<()> {
        self.proxy.set_attr_async("b_only", value)
    }

    /// Set on A.
    pub fn a_value(&self) -> Result<i64, Error> {
        self.proxy.attr("a_value").get()
    }

    /// Set on A.
    ///
    /// (Async.)
    pub fn a_value_async(&self) -> ReplyFuture<i64> {
        self.proxy.attr("a_value").get_async()
    }

    /// Assigns the attribute `a_value`.
    pub fn set_a_value(&self, value: i64) -> Result<(), Error> {
        self.proxy.set_attr("a_value", value)
    }

    /// Assigns the attribute `a_value`.
    ///
    /// (Async.)
    pub fn set_a_value_async(&self, value: i64) -> ReplyFuture<()> {
        self.proxy.set_attr_async("a_value", value)
    }
}

// The typed client of the remote `B`, written by `remoteobj bindgen inherit`
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
use remoteobj_host::typed::ThisFuture;
use std::time::Duration;

/// The derived class (no `Display` or `Debug`: `A`'s are used).
///
/// (A typed client, written by `remoteobj bindgen`.)
#[derive(Clone, Debug)]
#[allow(dead_code, non_camel_case_types)]
pub struct BClient {
    proxy: Proxy,
}

impl Client for BClient {
    fn from_proxy(proxy: Proxy) -> Self {
        BClient { proxy }
    }

    fn proxy(&self) -> &Proxy {
        &self.proxy
    }
}

#[allow(dead_code, non_snake_case)]
impl BClient {
    /// The client of the object (or part of one) `proxy` designates;
    /// nothing is sent.
    pub fn from_proxy(proxy: Proxy) -> Self {
        BClient { proxy }
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

    /// Returns 6 (overrides A.asdf).
    pub fn asdf(&self) -> Result<i64, Error> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "asdf", args);
        call.get()
    }

    /// Returns 6 (overrides A.asdf).
    ///
    /// (Async.)
    pub fn asdf_async(&self) -> ReplyFuture<i64> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "asdf", args);
        call.future()
    }

    /// Adds one to x and returns the object itself.
    pub fn chain(&self) -> Result<Self, Error> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "chain", args);
        call.this()
    }

    /// Adds one to x and returns the object itself.
    ///
    /// (Async.)
    pub fn chain_async(&self) -> ThisFuture<Self> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "chain", args);
        call.this_future()
    }

    /// Sets label and returns the object itself.
    pub fn relabel(&self, label: &str) -> Result<Self, Error> {
        let mut args = CallArgs::new();
        args.required("label", label);
        let call = Call::method(&self.proxy, "relabel", args);
        call.this()
    }

    /// Sets label and returns the object itself.
    ///
    /// (Async.)
    pub fn relabel_async(&self, label: &str) -> ThisFuture<Self> {
        let mut args = CallArgs::new();
        args.required("label", label);
        let call = Call::method(&self.proxy, "relabel", args);
        call.this_future()
    }

    /// Counts chain() calls.
    pub fn x(&self) -> Result<i64, Error> {
        self.proxy.attr("x").get()
    }

    /// Counts chain() calls.
    ///
    /// (Async.)
    pub fn x_async(&self) -> ReplyFuture<i64> {
        self.proxy.attr("x").get_async()
    }

    /// Assigns the attribute `x`.
    pub fn set_x(&self, value: i64) -> Result<(), Error> {
        self.proxy.set_attr("x", value)
    }

    /// Assigns the attribute `x`.
    ///
    /// (Async.)
    pub fn set_x_async(&self, value: i64) -> ReplyFuture<()> {
        self.proxy.set_attr_async("x", value)
    }

    /// A tenth of A's size (`ObjectB.zxcv`): overrides A's, with no setter.
    pub fn zxcv(&self) -> Result<f64, Error> {
        self.proxy.attr("zxcv").get()
    }

    /// A tenth of A's size (`ObjectB.zxcv`): overrides A's, with no setter.
    ///
    /// (Async.)
    pub fn zxcv_async(&self) -> ReplyFuture<f64> {
        self.proxy.attr("zxcv").get_async()
    }

    /// Set by A's constructor.
    pub fn label(&self) -> Result<String, Error> {
        self.proxy.attr("label").get()
    }

    /// Set by A's constructor.
    ///
    /// (Async.)
    pub fn label_async(&self) -> ReplyFuture<String> {
        self.proxy.attr("label").get_async()
    }

    /// Assigns the attribute `label`.
    pub fn set_label(&self, value: &str) -> Result<(), Error> {
        self.proxy.set_attr("label", value)
    }

    /// Assigns the attribute `label`.
    ///
    /// (Async.)
    pub fn set_label_async(&self, value: &str) -> ReplyFuture<()> {
        self.proxy.set_attr_async("label", value)
    }

    /// What zxcv is computed from (`ObjectA.x`).
    pub fn size(&self) -> Result<f64, Error> {
        self.proxy.attr("size").get()
    }

    /// What zxcv is computed from (`ObjectA.x`).
    ///
    /// (Async.)
    pub fn size_async(&self) -> ReplyFuture<f64> {
        self.proxy.attr("size").get_async()
    }

    /// Assigns the attribute `size`.
    pub fn set_size(&self, value: f64) -> Result<(), Error> {
        self.proxy.set_attr("size", value)
    }

    /// Assigns the attribute `size`.
    ///
    /// (Async.)
    pub fn set_size_async(&self, value: f64) -> ReplyFuture<()> {
        self.proxy.set_attr_async("size", value)
    }
}

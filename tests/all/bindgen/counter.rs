// The typed client of the remote `Counter`, written by `remoteobj bindgen counter`
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
use remoteobj_host::typed::ListClient;
use remoteobj_host::typed::Owned;
use remoteobj_host::typed::ThisFuture;
use std::time::Duration;

/// A counter that can be switched on and off (Python remoteobj's SomeObject).
///
/// (A typed client, written by `remoteobj bindgen`.)
#[derive(Clone, Debug)]
#[allow(dead_code, non_camel_case_types)]
pub struct CounterClient {
    proxy: Proxy,
}

impl Client for CounterClient {
    fn from_proxy(proxy: Proxy) -> Self {
        CounterClient { proxy }
    }

    fn proxy(&self) -> &Proxy {
        &self.proxy
    }
}

#[allow(dead_code, non_snake_case)]
impl CounterClient {
    /// The client of the object (or part of one) `proxy` designates;
    /// nothing is sent.
    pub fn from_proxy(proxy: Proxy) -> Self {
        CounterClient { proxy }
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

    /// Adds one to x.
    pub fn inc(&self) -> Result<(), Error> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "inc", args);
        call.get()
    }

    /// Adds one to x.
    ///
    /// (Async.)
    pub fn inc_async(&self) -> ReplyFuture<()> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "inc", args);
        call.future()
    }

    /// Sets is_on to state, or flips it.
    pub fn toggle(&self, state: Option<bool>) -> Result<(), Error> {
        let mut args = CallArgs::new();
        args.optional("state", state);
        let call = Call::method(&self.proxy, "toggle", args);
        call.get()
    }

    /// Sets is_on to state, or flips it.
    ///
    /// (Async.)
    pub fn toggle_async(&self, state: Option<bool>) -> ReplyFuture<()> {
        let mut args = CallArgs::new();
        args.optional("state", state);
        let call = Call::method(&self.proxy, "toggle", args);
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

    /// The length of `text` in bytes.
    pub fn measure(&self, text: &str) -> Result<u64, Error> {
        let mut args = CallArgs::new();
        args.required("text", text);
        let call = Call::method(&self.proxy, "measure", args);
        call.get()
    }

    /// The length of `text` in bytes.
    ///
    /// (Async.)
    pub fn measure_async(&self, text: &str) -> ReplyFuture<u64> {
        let mut args = CallArgs::new();
        args.required("text", text);
        let call = Call::method(&self.proxy, "measure", args);
        call.future()
    }

    /// x divided by `by`; fails on zero.
    pub fn div(&self, by: i64) -> Result<i64, Error> {
        let mut args = CallArgs::new();
        args.required("by", by);
        let call = Call::method(&self.proxy, "div", args);
        call.get()
    }

    /// x divided by `by`; fails on zero.
    ///
    /// (Async.)
    pub fn div_async(&self, by: i64) -> ReplyFuture<i64> {
        let mut args = CallArgs::new();
        args.required("by", by);
        let call = Call::method(&self.proxy, "div", args);
        call.future()
    }

    /// The count.
    pub fn x(&self) -> Result<i64, Error> {
        self.proxy.attr("x").get()
    }

    /// The count.
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

    /// Whether the switch is on.
    pub fn is_on(&self) -> Result<bool, Error> {
        self.proxy.attr("is_on").get()
    }

    /// Whether the switch is on.
    ///
    /// (Async.)
    pub fn is_on_async(&self) -> ReplyFuture<bool> {
        self.proxy.attr("is_on").get_async()
    }

    /// Assigns the attribute `is_on`.
    pub fn set_is_on(&self, value: bool) -> Result<(), Error> {
        self.proxy.set_attr("is_on", value)
    }

    /// Assigns the attribute `is_on`.
    ///
    /// (Async.)
    pub fn set_is_on_async(&self, value: bool) -> ReplyFuture<()> {
        self.proxy.set_attr_async("is_on", value)
    }

    /// A list to append to.
    ///
    /// (Its client; nothing is sent until it is used.)
    pub fn another(&self) -> ListClient<i64> {
        Client::from_proxy(self.proxy.attr("another"))
    }

    /// Assigns the attribute `another`.
    pub fn set_another(&self, value: Vec<i64>) -> Result<(), Error> {
        self.proxy.set_attr("another", value)
    }

    /// Assigns the attribute `another`.
    ///
    /// (Async.)
    pub fn set_another_async(&self, value: Vec<i64>) -> ReplyFuture<()> {
        self.proxy.set_attr_async("another", value)
    }
}

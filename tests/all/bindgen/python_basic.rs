// The typed client of the remote `Basic`, written by `remoteobj bindgen basic.wasm`
// from its schema (version 2; this remoteobj reads up to 2).
// Regenerate it rather than editing it.

use remoteobj_host::ComponentSource;
use remoteobj_host::Error;
use remoteobj_host::Host;
use remoteobj_host::Proxy;
use remoteobj_host::ReplyFuture;
use remoteobj_host::Value;
use remoteobj_host::typed::Call;
use remoteobj_host::typed::CallArgs;
use remoteobj_host::typed::Client;
use remoteobj_host::typed::ListClient;
use remoteobj_host::typed::Owned;
use std::time::Duration;

/// `obj = []` with `obj.something = 5` and `obj.another = []`.
///
/// (A typed client, written by `remoteobj bindgen`.)
#[derive(Clone, Debug)]
#[allow(dead_code, non_camel_case_types)]
pub struct BasicClient {
    proxy: Proxy,
}

impl Client for BasicClient {
    fn from_proxy(proxy: Proxy) -> Self {
        BasicClient { proxy }
    }

    fn proxy(&self) -> &Proxy {
        &self.proxy
    }
}

#[allow(dead_code, non_snake_case)]
impl BasicClient {
    /// The client of the object (or part of one) `proxy` designates;
    /// nothing is sent.
    pub fn from_proxy(proxy: Proxy) -> Self {
        BasicClient { proxy }
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

    /// Append object to the end of the list.
    pub fn append(&self, object: Value) -> Result<Value, Error> {
        let mut args = CallArgs::new();
        args.required("object", object);
        let call = Call::method(&self.proxy, "append", args);
        call.get()
    }

    /// Append object to the end of the list.
    ///
    /// (Async.)
    pub fn append_async(&self, object: Value) -> ReplyFuture<Value> {
        let mut args = CallArgs::new();
        args.required("object", object);
        let call = Call::method(&self.proxy, "append", args);
        call.future()
    }

    /// Remove all items from list.
    pub fn clear(&self) -> Result<Value, Error> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "clear", args);
        call.get()
    }

    /// Remove all items from list.
    ///
    /// (Async.)
    pub fn clear_async(&self) -> ReplyFuture<Value> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "clear", args);
        call.future()
    }

    /// Return a shallow copy of the list.
    pub fn copy(&self) -> Result<Value, Error> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "copy", args);
        call.get()
    }

    /// Return a shallow copy of the list.
    ///
    /// (Async.)
    pub fn copy_async(&self) -> ReplyFuture<Value> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "copy", args);
        call.future()
    }

    /// Return number of occurrences of value.
    pub fn count(&self, value: Value) -> Result<Value, Error> {
        let mut args = CallArgs::new();
        args.required("value", value);
        let call = Call::method(&self.proxy, "count", args);
        call.get()
    }

    /// Return number of occurrences of value.
    ///
    /// (Async.)
    pub fn count_async(&self, value: Value) -> ReplyFuture<Value> {
        let mut args = CallArgs::new();
        args.required("value", value);
        let call = Call::method(&self.proxy, "count", args);
        call.future()
    }

    /// Extend list by appending elements from the iterable.
    pub fn extend(&self, iterable: Value) -> Result<Value, Error> {
        let mut args = CallArgs::new();
        args.required("iterable", iterable);
        let call = Call::method(&self.proxy, "extend", args);
        call.get()
    }

    /// Extend list by appending elements from the iterable.
    ///
    /// (Async.)
    pub fn extend_async(&self, iterable: Value) -> ReplyFuture<Value> {
        let mut args = CallArgs::new();
        args.required("iterable", iterable);
        let call = Call::method(&self.proxy, "extend", args);
        call.future()
    }

    /// Return first index of value.
    ///
    /// Raises ValueError if the value is not present.
    pub fn index(
        &self,
        value: Value,
        start: Option<Value>,
        stop: Option<Value>,
    ) -> Result<Value, Error> {
        let mut args = CallArgs::new();
        args.required("value", value);
        args.optional("start", start);
        args.optional("stop", stop);
        let call = Call::method(&self.proxy, "index", args);
        call.get()
    }

    /// Return first index of value.
    ///
    /// Raises ValueError if the value is not present.
    ///
    /// (Async.)
    pub fn index_async(
        &self,
        value: Value,
        start: Option<Value>,
        stop: Option<Value>,
    ) -> ReplyFuture<Value> {
        let mut args = CallArgs::new();
        args.required("value", value);
        args.optional("start", start);
        args.optional("stop", stop);
        let call = Call::method(&self.proxy, "index", args);
        call.future()
    }

    /// Insert object before index.
    pub fn insert(&self, index: Value, object: Value) -> Result<Value, Error> {
        let mut args = CallArgs::new();
        args.required("index", index);
        args.required("object", object);
        let call = Call::method(&self.proxy, "insert", args);
        call.get()
    }

    /// Insert object before index.
    ///
    /// (Async.)
    pub fn insert_async(&self, index: Value, object: Value) -> ReplyFuture<Value> {
        let mut args = CallArgs::new();
        args.required("index", index);
        args.required("object", object);
        let call = Call::method(&self.proxy, "insert", args);
        call.future()
    }

    /// Remove and return item at index (default last).
    ///
    /// Raises IndexError if list is empty or index is out of range.
    pub fn pop(&self, index: Option<Value>) -> Result<Value, Error> {
        let mut args = CallArgs::new();
        args.optional("index", index);
        let call = Call::method(&self.proxy, "pop", args);
        call.get()
    }

    /// Remove and return item at index (default last).
    ///
    /// Raises IndexError if list is empty or index is out of range.
    ///
    /// (Async.)
    pub fn pop_async(&self, index: Option<Value>) -> ReplyFuture<Value> {
        let mut args = CallArgs::new();
        args.optional("index", index);
        let call = Call::method(&self.proxy, "pop", args);
        call.future()
    }

    /// Remove first occurrence of value.
    ///
    /// Raises ValueError if the value is not present.
    pub fn remove(&self, value: Value) -> Result<Value, Error> {
        let mut args = CallArgs::new();
        args.required("value", value);
        let call = Call::method(&self.proxy, "remove", args);
        call.get()
    }

    /// Remove first occurrence of value.
    ///
    /// Raises ValueError if the value is not present.
    ///
    /// (Async.)
    pub fn remove_async(&self, value: Value) -> ReplyFuture<Value> {
        let mut args = CallArgs::new();
        args.required("value", value);
        let call = Call::method(&self.proxy, "remove", args);
        call.future()
    }

    /// Reverse *IN PLACE*.
    pub fn reverse(&self) -> Result<Value, Error> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "reverse", args);
        call.get()
    }

    /// Reverse *IN PLACE*.
    ///
    /// (Async.)
    pub fn reverse_async(&self) -> ReplyFuture<Value> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "reverse", args);
        call.future()
    }

    /// Sort the list in ascending order and return None.
    ///
    /// The sort is in-place (i.e. the list itself is modified) and stable (i.e. the
    /// order of two equal elements is maintained).
    ///
    /// If a key function is given, apply it once to each list item and sort them,
    /// ascending or descending, according to their function values.
    ///
    /// The reverse flag can be set to sort in descending order.
    pub fn sort(&self, key: Option<Value>, reverse: Option<Value>) -> Result<Value, Error> {
        let mut args = CallArgs::new();
        args.by_name();
        args.optional("key", key);
        args.optional("reverse", reverse);
        let call = Call::method(&self.proxy, "sort", args);
        call.get()
    }

    /// Sort the list in ascending order and return None.
    ///
    /// The sort is in-place (i.e. the list itself is modified) and stable (i.e. the
    /// order of two equal elements is maintained).
    ///
    /// If a key function is given, apply it once to each list item and sort them,
    /// ascending or descending, according to their function values.
    ///
    /// The reverse flag can be set to sort in descending order.
    ///
    /// (Async.)
    pub fn sort_async(&self, key: Option<Value>, reverse: Option<Value>) -> ReplyFuture<Value> {
        let mut args = CallArgs::new();
        args.by_name();
        args.optional("key", key);
        args.optional("reverse", reverse);
        let call = Call::method(&self.proxy, "sort", args);
        call.future()
    }

    /// The attribute `another`.
    ///
    /// (Its client; nothing is sent until it is used.)
    pub fn another(&self) -> ListClient<Value> {
        Client::from_proxy(self.proxy.attr("another"))
    }

    /// Assigns the attribute `another`.
    pub fn set_another(&self, value: Vec<Value>) -> Result<(), Error> {
        self.proxy.set_attr("another", value)
    }

    /// Assigns the attribute `another`.
    ///
    /// (Async.)
    pub fn set_another_async(&self, value: Vec<Value>) -> ReplyFuture<()> {
        self.proxy.set_attr_async("another", value)
    }

    /// The attribute `something`.
    pub fn something(&self) -> Result<i64, Error> {
        self.proxy.attr("something").get()
    }

    /// The attribute `something`.
    ///
    /// (Async.)
    pub fn something_async(&self) -> ReplyFuture<i64> {
        self.proxy.attr("something").get_async()
    }

    /// Assigns the attribute `something`.
    pub fn set_something(&self, value: i64) -> Result<(), Error> {
        self.proxy.set_attr("something", value)
    }

    /// Assigns the attribute `something`.
    ///
    /// (Async.)
    pub fn set_something_async(&self, value: i64) -> ReplyFuture<()> {
        self.proxy.set_attr_async("something", value)
    }
}

// The typed client of the remote `Hostile`, written by `remoteobj bindgen hostile.wasm`
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
use remoteobj_host::typed::Owned;
use std::time::Duration;

/// Tries what a hostile plugin would.
///
/// (A typed client, written by `remoteobj bindgen`.)
#[derive(Clone, Debug)]
#[allow(dead_code, non_camel_case_types)]
pub struct HostileClient {
    proxy: Proxy,
}

impl Client for HostileClient {
    fn from_proxy(proxy: Proxy) -> Self {
        HostileClient { proxy }
    }

    fn proxy(&self) -> &Proxy {
        &self.proxy
    }
}

#[allow(dead_code, non_snake_case)]
impl HostileClient {
    /// The client of the object (or part of one) `proxy` designates;
    /// nothing is sent.
    pub fn from_proxy(proxy: Proxy) -> Self {
        HostileClient { proxy }
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

    /// Allocates `mib` MiB once, keeps it, and returns the MiB held in
    /// all.
    pub fn allocate(&self, mib: Value) -> Result<Value, Error> {
        let mut args = CallArgs::new();
        args.required("mib", mib);
        let call = Call::method(&self.proxy, "allocate", args);
        call.get()
    }

    /// Allocates `mib` MiB once, keeps it, and returns the MiB held in
    /// all.
    ///
    /// (Async.)
    pub fn allocate_async(&self, mib: Value) -> ReplyFuture<Value> {
        let mut args = CallArgs::new();
        args.required("mib", mib);
        let call = Call::method(&self.proxy, "allocate", args);
        call.future()
    }

    /// Calls `args`.
    pub fn args(&self) -> Result<Value, Error> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "args", args);
        call.get()
    }

    /// Calls `args`.
    ///
    /// (Async.)
    pub fn args_async(&self) -> ReplyFuture<Value> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "args", args);
        call.future()
    }

    /// Calls `connect`.
    pub fn connect(&self, addr: Value) -> Result<Value, Error> {
        let mut args = CallArgs::new();
        args.required("addr", addr);
        let call = Call::method(&self.proxy, "connect", args);
        call.get()
    }

    /// Calls `connect`.
    ///
    /// (Async.)
    pub fn connect_async(&self, addr: Value) -> ReplyFuture<Value> {
        let mut args = CallArgs::new();
        args.required("addr", addr);
        let call = Call::method(&self.proxy, "connect", args);
        call.future()
    }

    /// Calls `env`.
    pub fn env(&self) -> Result<Value, Error> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "env", args);
        call.get()
    }

    /// Calls `env`.
    ///
    /// (Async.)
    pub fn env_async(&self) -> ReplyFuture<Value> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "env", args);
        call.future()
    }

    /// Allocates `mib` MiB chunks and keeps them, for ever: it stops only
    /// when the memory cannot grow any more. Never returns.
    pub fn hog(&self, mib: Value) -> Result<Value, Error> {
        let mut args = CallArgs::new();
        args.required("mib", mib);
        let call = Call::method(&self.proxy, "hog", args);
        call.get()
    }

    /// Allocates `mib` MiB chunks and keeps them, for ever: it stops only
    /// when the memory cannot grow any more. Never returns.
    ///
    /// (Async.)
    pub fn hog_async(&self, mib: Value) -> ReplyFuture<Value> {
        let mut args = CallArgs::new();
        args.required("mib", mib);
        let call = Call::method(&self.proxy, "hog", args);
        call.future()
    }

    /// Asks for a list larger than a 32-bit address space: CPython
    /// raises MemoryError without touching the memory.
    pub fn huge(&self) -> Result<Value, Error> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "huge", args);
        call.get()
    }

    /// Asks for a list larger than a 32-bit address space: CPython
    /// raises MemoryError without touching the memory.
    ///
    /// (Async.)
    pub fn huge_async(&self) -> ReplyFuture<Value> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "huge", args);
        call.future()
    }

    /// Adds one to x and returns it: the object lives on after each
    /// misdeed.
    pub fn inc(&self) -> Result<Value, Error> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "inc", args);
        call.get()
    }

    /// Adds one to x and returns it: the object lives on after each
    /// misdeed.
    ///
    /// (Async.)
    pub fn inc_async(&self) -> ReplyFuture<Value> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "inc", args);
        call.future()
    }

    /// Calls `list_dir`.
    pub fn list_dir(&self, path: Value) -> Result<Value, Error> {
        let mut args = CallArgs::new();
        args.required("path", path);
        let call = Call::method(&self.proxy, "list_dir", args);
        call.get()
    }

    /// Calls `list_dir`.
    ///
    /// (Async.)
    pub fn list_dir_async(&self, path: Value) -> ReplyFuture<Value> {
        let mut args = CallArgs::new();
        args.required("path", path);
        let call = Call::method(&self.proxy, "list_dir", args);
        call.future()
    }

    /// Calls `lookup`.
    pub fn lookup(&self, host: Value) -> Result<Value, Error> {
        let mut args = CallArgs::new();
        args.required("host", host);
        let call = Call::method(&self.proxy, "lookup", args);
        call.get()
    }

    /// Calls `lookup`.
    ///
    /// (Async.)
    pub fn lookup_async(&self, host: Value) -> ReplyFuture<Value> {
        let mut args = CallArgs::new();
        args.required("host", host);
        let call = Call::method(&self.proxy, "lookup", args);
        call.future()
    }

    /// Calls `read_file`.
    pub fn read_file(&self, path: Value) -> Result<Value, Error> {
        let mut args = CallArgs::new();
        args.required("path", path);
        let call = Call::method(&self.proxy, "read_file", args);
        call.get()
    }

    /// Calls `read_file`.
    ///
    /// (Async.)
    pub fn read_file_async(&self, path: Value) -> ReplyFuture<Value> {
        let mut args = CallArgs::new();
        args.required("path", path);
        let call = Call::method(&self.proxy, "read_file", args);
        call.future()
    }

    /// Prints `mib` MiB to stdout, as lines of 1023 `x` and a newline,
    /// and returns the bytes printed.
    pub fn shout(&self, mib: Value) -> Result<Value, Error> {
        let mut args = CallArgs::new();
        args.required("mib", mib);
        let call = Call::method(&self.proxy, "shout", args);
        call.get()
    }

    /// Prints `mib` MiB to stdout, as lines of 1023 `x` and a newline,
    /// and returns the bytes printed.
    ///
    /// (Async.)
    pub fn shout_async(&self, mib: Value) -> ReplyFuture<Value> {
        let mut args = CallArgs::new();
        args.required("mib", mib);
        let call = Call::method(&self.proxy, "shout", args);
        call.future()
    }

    /// Never returns, never yields.
    pub fn spin(&self) -> Result<Value, Error> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "spin", args);
        call.get()
    }

    /// Never returns, never yields.
    ///
    /// (Async.)
    pub fn spin_async(&self) -> ReplyFuture<Value> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "spin", args);
        call.future()
    }

    /// Calls `var`.
    pub fn var(&self, name: Value) -> Result<Value, Error> {
        let mut args = CallArgs::new();
        args.required("name", name);
        let call = Call::method(&self.proxy, "var", args);
        call.get()
    }

    /// Calls `var`.
    ///
    /// (Async.)
    pub fn var_async(&self, name: Value) -> ReplyFuture<Value> {
        let mut args = CallArgs::new();
        args.required("name", name);
        let call = Call::method(&self.proxy, "var", args);
        call.future()
    }

    /// Calls `write_file`.
    pub fn write_file(&self, path: Value, text: Value) -> Result<Value, Error> {
        let mut args = CallArgs::new();
        args.required("path", path);
        args.required("text", text);
        let call = Call::method(&self.proxy, "write_file", args);
        call.get()
    }

    /// Calls `write_file`.
    ///
    /// (Async.)
    pub fn write_file_async(&self, path: Value, text: Value) -> ReplyFuture<Value> {
        let mut args = CallArgs::new();
        args.required("path", path);
        args.required("text", text);
        let call = Call::method(&self.proxy, "write_file", args);
        call.future()
    }

    /// The attribute `x`.
    pub fn x(&self) -> Result<i64, Error> {
        self.proxy.attr("x").get()
    }

    /// The attribute `x`.
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
}

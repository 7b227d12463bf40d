// The typed client of the remote `Hostile`, written by `remoteobj bindgen hostile`
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

/// A guest that does what a well-behaved one would not.
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

    /// Adds one to x and returns it.
    pub fn inc(&self) -> Result<i64, Error> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "inc", args);
        call.get()
    }

    /// Adds one to x and returns it.
    ///
    /// (Async.)
    pub fn inc_async(&self) -> ReplyFuture<i64> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "inc", args);
        call.future()
    }

    /// Panics with `message` (the guest traps).
    pub fn panic(&self, message: &str) -> Result<(), Error> {
        let mut args = CallArgs::new();
        args.required("message", message);
        let call = Call::method(&self.proxy, "panic", args);
        call.get()
    }

    /// Panics with `message` (the guest traps).
    ///
    /// (Async.)
    pub fn panic_async(&self, message: &str) -> ReplyFuture<()> {
        let mut args = CallArgs::new();
        args.required("message", message);
        let call = Call::method(&self.proxy, "panic", args);
        call.future()
    }

    /// Loops for ever without reaching a cooperative point: only the host
    /// can stop it. Never returns.
    pub fn spin(&self) -> Result<u64, Error> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "spin", args);
        call.get()
    }

    /// Loops for ever without reaching a cooperative point: only the host
    /// can stop it. Never returns.
    ///
    /// (Async.)
    pub fn spin_async(&self) -> ReplyFuture<u64> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "spin", args);
        call.future()
    }

    /// Allocates `mib` MiB chunks, touching every page, and keeps them, for
    /// ever: it stops only when the memory cannot grow any more (the host's
    /// limit traps, or the allocation failure aborts). Never returns.
    pub fn hog(&self, mib: u64) -> Result<u64, Error> {
        let mut args = CallArgs::new();
        args.required("mib", mib);
        let call = Call::method(&self.proxy, "hog", args);
        call.get()
    }

    /// Allocates `mib` MiB chunks, touching every page, and keeps them, for
    /// ever: it stops only when the memory cannot grow any more (the host's
    /// limit traps, or the allocation failure aborts). Never returns.
    ///
    /// (Async.)
    pub fn hog_async(&self, mib: u64) -> ReplyFuture<u64> {
        let mut args = CallArgs::new();
        args.required("mib", mib);
        let call = Call::method(&self.proxy, "hog", args);
        call.future()
    }

    /// Allocates `mib` MiB once, touching every page, keeps it, and returns
    /// the MiB held in all.
    pub fn allocate(&self, mib: u64) -> Result<u64, Error> {
        let mut args = CallArgs::new();
        args.required("mib", mib);
        let call = Call::method(&self.proxy, "allocate", args);
        call.get()
    }

    /// Allocates `mib` MiB once, touching every page, keeps it, and returns
    /// the MiB held in all.
    ///
    /// (Async.)
    pub fn allocate_async(&self, mib: u64) -> ReplyFuture<u64> {
        let mut args = CallArgs::new();
        args.required("mib", mib);
        let call = Call::method(&self.proxy, "allocate", args);
        call.future()
    }

    /// The text of the file at `path`; a `RuntimeError` naming the path and
    /// the reason when it cannot be read.
    pub fn read_file(&self, path: &str) -> Result<String, Error> {
        let mut args = CallArgs::new();
        args.required("path", path);
        let call = Call::method(&self.proxy, "read_file", args);
        call.get()
    }

    /// The text of the file at `path`; a `RuntimeError` naming the path and
    /// the reason when it cannot be read.
    ///
    /// (Async.)
    pub fn read_file_async(&self, path: &str) -> ReplyFuture<String> {
        let mut args = CallArgs::new();
        args.required("path", path);
        let call = Call::method(&self.proxy, "read_file", args);
        call.future()
    }

    /// Writes `text` to the file at `path` (created or truncated); a
    /// `RuntimeError` naming the path and the reason when it cannot.
    pub fn write_file(&self, path: &str, text: &str) -> Result<(), Error> {
        let mut args = CallArgs::new();
        args.required("path", path);
        args.required("text", text);
        let call = Call::method(&self.proxy, "write_file", args);
        call.get()
    }

    /// Writes `text` to the file at `path` (created or truncated); a
    /// `RuntimeError` naming the path and the reason when it cannot.
    ///
    /// (Async.)
    pub fn write_file_async(&self, path: &str, text: &str) -> ReplyFuture<()> {
        let mut args = CallArgs::new();
        args.required("path", path);
        args.required("text", text);
        let call = Call::method(&self.proxy, "write_file", args);
        call.future()
    }

    /// The names of the entries of the directory at `path`, sorted; a
    /// `RuntimeError` naming the path and the reason when it cannot be read.
    pub fn list_dir(&self, path: &str) -> Result<Vec<String>, Error> {
        let mut args = CallArgs::new();
        args.required("path", path);
        let call = Call::method(&self.proxy, "list_dir", args);
        call.get()
    }

    /// The names of the entries of the directory at `path`, sorted; a
    /// `RuntimeError` naming the path and the reason when it cannot be read.
    ///
    /// (Async.)
    pub fn list_dir_async(&self, path: &str) -> ReplyFuture<Vec<String>> {
        let mut args = CallArgs::new();
        args.required("path", path);
        let call = Call::method(&self.proxy, "list_dir", args);
        call.future()
    }

    /// The environment variables the guest sees, sorted by name.
    pub fn env(&self) -> Result<Vec<(String, String)>, Error> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "env", args);
        call.get()
    }

    /// The environment variables the guest sees, sorted by name.
    ///
    /// (Async.)
    pub fn env_async(&self) -> ReplyFuture<Vec<(String, String)>> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "env", args);
        call.future()
    }

    /// The environment variable `name`, if the guest sees it.
    pub fn var(&self, name: &str) -> Result<Option<String>, Error> {
        let mut args = CallArgs::new();
        args.required("name", name);
        let call = Call::method(&self.proxy, "var", args);
        call.get()
    }

    /// The environment variable `name`, if the guest sees it.
    ///
    /// (Async.)
    pub fn var_async(&self, name: &str) -> ReplyFuture<Option<String>> {
        let mut args = CallArgs::new();
        args.required("name", name);
        let call = Call::method(&self.proxy, "var", args);
        call.future()
    }

    /// The command-line arguments the guest sees.
    pub fn args(&self) -> Result<Vec<String>, Error> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "args", args);
        call.get()
    }

    /// The command-line arguments the guest sees.
    ///
    /// (Async.)
    pub fn args_async(&self) -> ReplyFuture<Vec<String>> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "args", args);
        call.future()
    }

    /// Opens a TCP connection to `addr` (`host:port`), trying each address
    /// it resolves to for at most 5 s, and returns `"connected to {peer}"`;
    /// a `RuntimeError` naming the address and the reason when it cannot.
    pub fn connect(&self, addr: &str) -> Result<String, Error> {
        let mut args = CallArgs::new();
        args.required("addr", addr);
        let call = Call::method(&self.proxy, "connect", args);
        call.get()
    }

    /// Opens a TCP connection to `addr` (`host:port`), trying each address
    /// it resolves to for at most 5 s, and returns `"connected to {peer}"`;
    /// a `RuntimeError` naming the address and the reason when it cannot.
    ///
    /// (Async.)
    pub fn connect_async(&self, addr: &str) -> ReplyFuture<String> {
        let mut args = CallArgs::new();
        args.required("addr", addr);
        let call = Call::method(&self.proxy, "connect", args);
        call.future()
    }

    /// The IP addresses `host` resolves to (a lookup of `"{host}:80"`), in
    /// the resolver's order without repeats; a `RuntimeError` naming the
    /// host and the reason when the lookup fails.
    pub fn lookup(&self, host: &str) -> Result<Vec<String>, Error> {
        let mut args = CallArgs::new();
        args.required("host", host);
        let call = Call::method(&self.proxy, "lookup", args);
        call.get()
    }

    /// The IP addresses `host` resolves to (a lookup of `"{host}:80"`), in
    /// the resolver's order without repeats; a `RuntimeError` naming the
    /// host and the reason when the lookup fails.
    ///
    /// (Async.)
    pub fn lookup_async(&self, host: &str) -> ReplyFuture<Vec<String>> {
        let mut args = CallArgs::new();
        args.required("host", host);
        let call = Call::method(&self.proxy, "lookup", args);
        call.future()
    }

    /// Prints `mib` MiB to stdout, as lines of 1023 `x` and a newline, and
    /// returns the bytes printed (fewer if stdout fails part way).
    pub fn shout(&self, mib: u64) -> Result<u64, Error> {
        let mut args = CallArgs::new();
        args.required("mib", mib);
        let call = Call::method(&self.proxy, "shout", args);
        call.get()
    }

    /// Prints `mib` MiB to stdout, as lines of 1023 `x` and a newline, and
    /// returns the bytes printed (fewer if stdout fails part way).
    ///
    /// (Async.)
    pub fn shout_async(&self, mib: u64) -> ReplyFuture<u64> {
        let mut args = CallArgs::new();
        args.required("mib", mib);
        let call = Call::method(&self.proxy, "shout", args);
        call.future()
    }

    /// Milliseconds since the UNIX epoch by the guest's wall clock (0 if
    /// the clock reads before the epoch).
    pub fn clock(&self) -> Result<u64, Error> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "clock", args);
        call.get()
    }

    /// Milliseconds since the UNIX epoch by the guest's wall clock (0 if
    /// the clock reads before the epoch).
    ///
    /// (Async.)
    pub fn clock_async(&self) -> ReplyFuture<u64> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "clock", args);
        call.future()
    }

    /// Counts to `n` the slow way and returns `n`: work whose cost grows
    /// with `n`, for the fuel tests.
    pub fn work(&self, n: u64) -> Result<u64, Error> {
        let mut args = CallArgs::new();
        args.required("n", n);
        let call = Call::method(&self.proxy, "work", args);
        call.get()
    }

    /// Counts to `n` the slow way and returns `n`: work whose cost grows
    /// with `n`, for the fuel tests.
    ///
    /// (Async.)
    pub fn work_async(&self, n: u64) -> ReplyFuture<u64> {
        let mut args = CallArgs::new();
        args.required("n", n);
        let call = Call::method(&self.proxy, "work", args);
        call.future()
    }

    /// Blocks in a WASI sleep for `ms` milliseconds: a host call that epoch
    /// interruption cannot reach.
    pub fn nap(&self, ms: u64) -> Result<u64, Error> {
        let mut args = CallArgs::new();
        args.required("ms", ms);
        let call = Call::method(&self.proxy, "nap", args);
        call.get()
    }

    /// Blocks in a WASI sleep for `ms` milliseconds: a host call that epoch
    /// interruption cannot reach.
    ///
    /// (Async.)
    pub fn nap_async(&self, ms: u64) -> ReplyFuture<u64> {
        let mut args = CallArgs::new();
        args.required("ms", ms);
        let call = Call::method(&self.proxy, "nap", args);
        call.future()
    }

    /// Never returns, while calling `should_stop` over and over, hoping each
    /// call restarts its clock.
    pub fn dodge(&self) -> Result<u64, Error> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "dodge", args);
        call.get()
    }

    /// Never returns, while calling `should_stop` over and over, hoping each
    /// call restarts its clock.
    ///
    /// (Async.)
    pub fn dodge_async(&self) -> ReplyFuture<u64> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "dodge", args);
        call.future()
    }

    /// Never returns, serving other requests meanwhile (a cooperative
    /// method that simply does not end).
    pub fn doze(&self) -> Result<(), Error> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "doze", args);
        call.get()
    }

    /// Never returns, serving other requests meanwhile (a cooperative
    /// method that simply does not end).
    ///
    /// (Async.)
    pub fn doze_async(&self) -> ReplyFuture<()> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "doze", args);
        call.future()
    }

    /// Ordinary state: 0 in a fresh object.
    pub fn x(&self) -> Result<i64, Error> {
        self.proxy.attr("x").get()
    }

    /// Ordinary state: 0 in a fresh object.
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

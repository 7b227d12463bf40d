// The typed client of the remote `Stepper`, written by `remoteobj bindgen stepper.wasm`
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

/// A loop with knobs.
///
/// (A typed client, written by `remoteobj bindgen`.)
#[derive(Clone, Debug)]
#[allow(dead_code, non_camel_case_types)]
pub struct StepperClient {
    proxy: Proxy,
}

impl Client for StepperClient {
    fn from_proxy(proxy: Proxy) -> Self {
        StepperClient { proxy }
    }

    fn proxy(&self) -> &Proxy {
        &self.proxy
    }
}

#[allow(dead_code, non_snake_case)]
impl StepperClient {
    /// The client of the object (or part of one) `proxy` designates;
    /// nothing is sent.
    pub fn from_proxy(proxy: Proxy) -> Self {
        StepperClient { proxy }
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

    /// Returns its argument, to tell concurrent answers apart.
    pub fn echo(&self, v: Value) -> Result<Value, Error> {
        let mut args = CallArgs::new();
        args.required("v", v);
        let call = Call::method(&self.proxy, "echo", args);
        call.get()
    }

    /// Returns its argument, to tell concurrent answers apart.
    ///
    /// (Async.)
    pub fn echo_async(&self, v: Value) -> ReplyFuture<Value> {
        let mut args = CallArgs::new();
        args.required("v", v);
        let call = Call::method(&self.proxy, "echo", args);
        call.future()
    }

    /// Counts a call and returns the count.
    pub fn hit(&self) -> Result<u64, Error> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "hit", args);
        call.get()
    }

    /// Counts a call and returns the count.
    ///
    /// (Async.)
    pub fn hit_async(&self) -> ReplyFuture<u64> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "hit", args);
        call.future()
    }

    /// Makes the loop work for `ms` milliseconds once it leaves this
    /// cooperative point, answering nothing meanwhile.
    pub fn block(&self, ms: u64) -> Result<(), Error> {
        let mut args = CallArgs::new();
        args.required("ms", ms);
        let call = Call::method(&self.proxy, "block", args);
        call.get()
    }

    /// Makes the loop work for `ms` milliseconds once it leaves this
    /// cooperative point, answering nothing meanwhile.
    ///
    /// (Async.)
    pub fn block_async(&self, ms: u64) -> ReplyFuture<()> {
        let mut args = CallArgs::new();
        args.required("ms", ms);
        let call = Call::method(&self.proxy, "block", args);
        call.future()
    }

    /// Makes the loop compute for `ms` milliseconds once it leaves this
    /// cooperative point (guest code running, not a sleep), answering
    /// nothing meanwhile.
    pub fn busy(&self, ms: u64) -> Result<(), Error> {
        let mut args = CallArgs::new();
        args.required("ms", ms);
        let call = Call::method(&self.proxy, "busy", args);
        call.get()
    }

    /// Makes the loop compute for `ms` milliseconds once it leaves this
    /// cooperative point (guest code running, not a sleep), answering
    /// nothing meanwhile.
    ///
    /// (Async.)
    pub fn busy_async(&self, ms: u64) -> ReplyFuture<()> {
        let mut args = CallArgs::new();
        args.required("ms", ms);
        let call = Call::method(&self.proxy, "busy", args);
        call.future()
    }

    /// Panics while the loop is answering this request (the guest traps).
    pub fn crash(&self) -> Result<(), Error> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "crash", args);
        call.get()
    }

    /// Panics while the loop is answering this request (the guest traps).
    ///
    /// (Async.)
    pub fn crash_async(&self) -> ReplyFuture<()> {
        let args = CallArgs::new();
        let call = Call::method(&self.proxy, "crash", args);
        call.future()
    }

    /// Records a ValueError with `message` under `group` for the host,
    /// and goes on.
    pub fn record(&self, group: &str, message: &str) -> Result<(), Error> {
        let mut args = CallArgs::new();
        args.required("group", group);
        args.required("message", message);
        let call = Call::method(&self.proxy, "record", args);
        call.get()
    }

    /// Records a ValueError with `message` under `group` for the host,
    /// and goes on.
    ///
    /// (Async.)
    pub fn record_async(&self, group: &str, message: &str) -> ReplyFuture<()> {
        let mut args = CallArgs::new();
        args.required("group", group);
        args.required("message", message);
        let call = Call::method(&self.proxy, "record", args);
        call.future()
    }

    /// Ends the object's listening from a method: "fulfill" or "cancel".
    pub fn end_now(&self, pending: &str) -> Result<(), Error> {
        let mut args = CallArgs::new();
        args.required("pending", pending);
        let call = Call::method(&self.proxy, "end_now", args);
        call.get()
    }

    /// Ends the object's listening from a method: "fulfill" or "cancel".
    ///
    /// (Async.)
    pub fn end_now_async(&self, pending: &str) -> ReplyFuture<()> {
        let mut args = CallArgs::new();
        args.required("pending", pending);
        let call = Call::method(&self.proxy, "end_now", args);
        call.future()
    }

    /// Answers other requests from inside this method for `ms`
    /// milliseconds (a method may be a cooperative point too).
    pub fn serve_for(&self, ms: u64) -> Result<(), Error> {
        let mut args = CallArgs::new();
        args.required("ms", ms);
        let call = Call::method(&self.proxy, "serve_for", args);
        call.get()
    }

    /// Answers other requests from inside this method for `ms`
    /// milliseconds (a method may be a cooperative point too).
    ///
    /// (Async.)
    pub fn serve_for_async(&self, ms: u64) -> ReplyFuture<()> {
        let mut args = CallArgs::new();
        args.required("ms", ms);
        let call = Call::method(&self.proxy, "serve_for", args);
        call.future()
    }

    /// Steps taken so far.
    pub fn steps(&self) -> Result<u64, Error> {
        self.proxy.attr("steps").get()
    }

    /// Steps taken so far.
    ///
    /// (Async.)
    pub fn steps_async(&self) -> ReplyFuture<u64> {
        self.proxy.attr("steps").get_async()
    }

    /// The cooperative point: "sleep", "yield" or "process".
    pub fn mode(&self) -> Result<String, Error> {
        self.proxy.attr("mode").get()
    }

    /// The cooperative point: "sleep", "yield" or "process".
    ///
    /// (Async.)
    pub fn mode_async(&self) -> ReplyFuture<String> {
        self.proxy.attr("mode").get_async()
    }

    /// Assigns the attribute `mode`.
    pub fn set_mode(&self, value: &str) -> Result<(), Error> {
        self.proxy.set_attr("mode", value)
    }

    /// Assigns the attribute `mode`.
    ///
    /// (Async.)
    pub fn set_mode_async(&self, value: &str) -> ReplyFuture<()> {
        self.proxy.set_attr_async("mode", value)
    }

    /// How long "sleep" mode sleeps each step, in milliseconds (0: 5).
    pub fn nap_ms(&self) -> Result<u64, Error> {
        self.proxy.attr("nap_ms").get()
    }

    /// How long "sleep" mode sleeps each step, in milliseconds (0: 5).
    ///
    /// (Async.)
    pub fn nap_ms_async(&self) -> ReplyFuture<u64> {
        self.proxy.attr("nap_ms").get_async()
    }

    /// Assigns the attribute `nap_ms`.
    pub fn set_nap_ms(&self, value: u64) -> Result<(), Error> {
        self.proxy.set_attr("nap_ms", value)
    }

    /// Assigns the attribute `nap_ms`.
    ///
    /// (Async.)
    pub fn set_nap_ms_async(&self, value: u64) -> ReplyFuture<()> {
        self.proxy.set_attr_async("nap_ms", value)
    }

    /// Once set, the loop returns this error at its next step.
    pub fn fail(&self) -> Result<Option<String>, Error> {
        self.proxy.attr("fail").get()
    }

    /// Once set, the loop returns this error at its next step.
    ///
    /// (Async.)
    pub fn fail_async(&self) -> ReplyFuture<Option<String>> {
        self.proxy.attr("fail").get_async()
    }

    /// Assigns the attribute `fail`.
    pub fn set_fail(&self, value: Option<String>) -> Result<(), Error> {
        self.proxy.set_attr("fail", value)
    }

    /// Assigns the attribute `fail`.
    ///
    /// (Async.)
    pub fn set_fail_async(&self, value: Option<String>) -> ReplyFuture<()> {
        self.proxy.set_attr_async("fail", value)
    }

    /// Once true, the loop panics at its next step (the guest traps).
    pub fn panic(&self) -> Result<bool, Error> {
        self.proxy.attr("panic").get()
    }

    /// Once true, the loop panics at its next step (the guest traps).
    ///
    /// (Async.)
    pub fn panic_async(&self) -> ReplyFuture<bool> {
        self.proxy.attr("panic").get_async()
    }

    /// Assigns the attribute `panic`.
    pub fn set_panic(&self, value: bool) -> Result<(), Error> {
        self.proxy.set_attr("panic", value)
    }

    /// Assigns the attribute `panic`.
    ///
    /// (Async.)
    pub fn set_panic_async(&self, value: bool) -> ReplyFuture<()> {
        self.proxy.set_attr_async("panic", value)
    }

    /// The loop returns by itself after this many steps (0: never).
    pub fn limit(&self) -> Result<u64, Error> {
        self.proxy.attr("limit").get()
    }

    /// The loop returns by itself after this many steps (0: never).
    ///
    /// (Async.)
    pub fn limit_async(&self) -> ReplyFuture<u64> {
        self.proxy.attr("limit").get_async()
    }

    /// Assigns the attribute `limit`.
    pub fn set_limit(&self, value: u64) -> Result<(), Error> {
        self.proxy.set_attr("limit", value)
    }

    /// Assigns the attribute `limit`.
    ///
    /// (Async.)
    pub fn set_limit_async(&self, value: u64) -> ReplyFuture<()> {
        self.proxy.set_attr_async("limit", value)
    }

    /// Requests `process_requests` answered, in all.
    pub fn processed(&self) -> Result<u64, Error> {
        self.proxy.attr("processed").get()
    }

    /// Requests `process_requests` answered, in all.
    ///
    /// (Async.)
    pub fn processed_async(&self) -> ReplyFuture<u64> {
        self.proxy.attr("processed").get_async()
    }

    /// Calls of `hit()`.
    pub fn hits(&self) -> Result<u64, Error> {
        self.proxy.attr("hits").get()
    }

    /// Calls of `hit()`.
    ///
    /// (Async.)
    pub fn hits_async(&self) -> ReplyFuture<u64> {
        self.proxy.attr("hits").get_async()
    }

    /// When not 0, the loop returns a byte string this long instead of its
    /// step count (to try the frame limit).
    pub fn return_bytes(&self) -> Result<u64, Error> {
        self.proxy.attr("return_bytes").get()
    }

    /// When not 0, the loop returns a byte string this long instead of its
    /// step count (to try the frame limit).
    ///
    /// (Async.)
    pub fn return_bytes_async(&self) -> ReplyFuture<u64> {
        self.proxy.attr("return_bytes").get_async()
    }

    /// Assigns the attribute `return_bytes`.
    pub fn set_return_bytes(&self, value: u64) -> Result<(), Error> {
        self.proxy.set_attr("return_bytes", value)
    }

    /// Assigns the attribute `return_bytes`.
    ///
    /// (Async.)
    pub fn set_return_bytes_async(&self, value: u64) -> ReplyFuture<()> {
        self.proxy.set_attr_async("return_bytes", value)
    }

    /// Once "fulfill" or "cancel", the loop ends its listening at its next
    /// step (answering what waits first, or not) and returns `hits`.
    pub fn end_listening(&self) -> Result<String, Error> {
        self.proxy.attr("end_listening").get()
    }

    /// Once "fulfill" or "cancel", the loop ends its listening at its next
    /// step (answering what waits first, or not) and returns `hits`.
    ///
    /// (Async.)
    pub fn end_listening_async(&self) -> ReplyFuture<String> {
        self.proxy.attr("end_listening").get_async()
    }

    /// Assigns the attribute `end_listening`.
    pub fn set_end_listening(&self, value: &str) -> Result<(), Error> {
        self.proxy.set_attr("end_listening", value)
    }

    /// Assigns the attribute `end_listening`.
    ///
    /// (Async.)
    pub fn set_end_listening_async(&self, value: &str) -> ReplyFuture<()> {
        self.proxy.set_attr_async("end_listening", value)
    }

    /// How long the loop goes on (sleeping) after it ends its listening,
    /// in milliseconds; a stop cuts it short.
    pub fn linger_ms(&self) -> Result<u64, Error> {
        self.proxy.attr("linger_ms").get()
    }

    /// How long the loop goes on (sleeping) after it ends its listening,
    /// in milliseconds; a stop cuts it short.
    ///
    /// (Async.)
    pub fn linger_ms_async(&self) -> ReplyFuture<u64> {
        self.proxy.attr("linger_ms").get_async()
    }

    /// Assigns the attribute `linger_ms`.
    pub fn set_linger_ms(&self, value: u64) -> Result<(), Error> {
        self.proxy.set_attr("linger_ms", value)
    }

    /// Assigns the attribute `linger_ms`.
    ///
    /// (Async.)
    pub fn set_linger_ms_async(&self, value: u64) -> ReplyFuture<()> {
        self.proxy.set_attr_async("linger_ms", value)
    }

    /// When not 0, the loop emits its step numbers, one per step, until it
    /// has emitted this many, then returns how many it emitted.
    pub fn emit_count(&self) -> Result<u64, Error> {
        self.proxy.attr("emit_count").get()
    }

    /// When not 0, the loop emits its step numbers, one per step, until it
    /// has emitted this many, then returns how many it emitted.
    ///
    /// (Async.)
    pub fn emit_count_async(&self) -> ReplyFuture<u64> {
        self.proxy.attr("emit_count").get_async()
    }

    /// Assigns the attribute `emit_count`.
    pub fn set_emit_count(&self, value: u64) -> Result<(), Error> {
        self.proxy.set_attr("emit_count", value)
    }

    /// Assigns the attribute `emit_count`.
    ///
    /// (Async.)
    pub fn set_emit_count_async(&self, value: u64) -> ReplyFuture<()> {
        self.proxy.set_attr_async("emit_count", value)
    }

    /// Values emitted so far.
    pub fn emitted(&self) -> Result<u64, Error> {
        self.proxy.attr("emitted").get()
    }

    /// Values emitted so far.
    ///
    /// (Async.)
    pub fn emitted_async(&self) -> ReplyFuture<u64> {
        self.proxy.attr("emitted").get_async()
    }

    /// When not 0, the loop records an IndexError under "process" at each
    /// step, this many times, and goes on.
    pub fn catch_count(&self) -> Result<u64, Error> {
        self.proxy.attr("catch_count").get()
    }

    /// When not 0, the loop records an IndexError under "process" at each
    /// step, this many times, and goes on.
    ///
    /// (Async.)
    pub fn catch_count_async(&self) -> ReplyFuture<u64> {
        self.proxy.attr("catch_count").get_async()
    }

    /// Assigns the attribute `catch_count`.
    pub fn set_catch_count(&self, value: u64) -> Result<(), Error> {
        self.proxy.set_attr("catch_count", value)
    }

    /// Assigns the attribute `catch_count`.
    ///
    /// (Async.)
    pub fn set_catch_count_async(&self, value: u64) -> ReplyFuture<()> {
        self.proxy.set_attr_async("catch_count", value)
    }
}

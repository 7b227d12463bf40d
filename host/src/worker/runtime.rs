//! The wasmtime side of a worker: engine, store, WASI context (nothing
//! granted unless the host asked), the guest instance and its restarts, and
//! the `host` import an active guest's own loop uses to serve requests while
//! it runs. Limits are enforced by [`super::limits`].

use std::{collections::HashSet, sync::Arc, time::Instant};

use serde_bytes::ByteBuf;
use wasmtime::component::{Component, HasSelf, Linker, ResourceTable};
use wasmtime::{Config, Engine, Store, UpdateDeadline};
use wasmtime_wasi::{FsPerms, WasiCtx, WasiCtxView, WasiView};

use crate::cache::{CacheError, CompileCache};
use crate::error::{ErrorKind, RemoteError};
use crate::protocol::{
    ComponentSource, FromWorker, Load, LogStream, Op, Reply, RequestBody, RunEnd, ToWorker,
};
use crate::sandbox::{DirAccess, Grants, Limits};
use crate::schema::Schema;

use super::bindings::{RemoteObject, RemoteObjectPre, wit};
use super::conn::{Conn, Received};
use super::limits::{LimitHit, Limiter, Running, Slice, Ticker, Ticking};
use super::output::OutputCapture;
use super::serve::{Guest, Loader, name};
use super::wit_convert::{error_from_wit, op_to_wit, outcome_from_wit, schema_from_wit};

/// The per-instance data wasmtime hands to host functions.
pub struct State {
    wasi: WasiCtx,
    table: ResourceTable,
    conn: Arc<Conn>,
    output: OutputCapture,
    schema: Option<Schema>,
    /// Requests the loop has taken with `next-request` and not answered.
    taken: HashSet<u64>,
    limiter: Limiter,
    /// The stretch of guest code being timed (see [`Slice`]).
    slice: Arc<Slice>,
    ticker: Ticker,
}

impl WasiView for State {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl State {
    /// Forwards the complete lines the guest printed so far (its loop may
    /// print between requests, and the host should see it as it happens).
    fn forward_logs(&self) {
        let mut lines = Vec::new();
        self.output.drain_complete(&mut lines);
        for (stream, line) in lines {
            let _ = self.conn.send(&FromWorker::Log { stream, line });
        }
    }

    /// Answers every request guest code took with `next-request` and left
    /// unanswered with the error `error` makes: each still gets one answer.
    fn fail_taken(&mut self, error: impl FnOnce() -> RemoteError) {
        if self.taken.is_empty() {
            return;
        }
        let error = error();
        for id in std::mem::take(&mut self.taken) {
            let _ = self.conn.respond(id, Err(error.clone()));
        }
    }

    /// Ends the session from inside the loop: the host is told why.
    fn broken(&self, message: String) {
        let _ = self.conn.send(&FromWorker::Fatal {
            message: message.clone(),
        });
        self.conn.end(Some(message));
    }

    /// The next request for the loop, waiting at most `timeout_ns`.
    fn take_request(&mut self, timeout_ns: u64) -> Option<wit::Request> {
        self.forward_logs();
        let deadline = Instant::now().checked_add(std::time::Duration::from_nanos(timeout_ns));
        loop {
            if self.conn.is_ended() {
                return None;
            }
            // Once the loop is asked to stop, only requests already waiting
            // are handed out: the loop is not kept waiting.
            let until = if self.conn.stop_requested() {
                Some(Instant::now())
            } else {
                deadline
            };
            match self.conn.recv_until(until) {
                Received::TimedOut => return None,
                Received::Message(ToWorker::Request(request)) => match request.body {
                    RequestBody::Invoke(path) => {
                        self.taken.insert(request.id);
                        return Some(wit::Request {
                            id: request.id,
                            path: path.into_iter().map(op_to_wit).collect(),
                        });
                    }
                    RequestBody::Describe => {
                        let result = self
                            .schema
                            .clone()
                            .map(Reply::Schema)
                            .ok_or_else(|| not_ready("describe"));
                        if let Err(e) = self.conn.respond(request.id, result) {
                            self.broken(format!("answering describe: {e}"));
                        }
                    }
                },
                // The stop flag is already up; the next turn sees it.
                Received::Message(ToWorker::Stop) => {}
                Received::Message(ToWorker::Shutdown(_)) | Received::Closed => {
                    self.conn.end(None);
                    return None;
                }
                Received::Message(other) => {
                    self.broken(format!(
                        "unexpected message from the host: {} while serving",
                        name(&other)
                    ));
                    return None;
                }
                Received::Broken(e) => {
                    self.broken(format!("bad frame from the host: {e}"));
                    return None;
                }
            }
        }
    }

    /// Answers a request the loop took.
    fn answer(&mut self, id: u64, result: Result<wit::Outcome, wit::Error>) {
        self.forward_logs();
        if !self.taken.remove(&id) {
            // Not a request the loop holds (answered already, or made up):
            // the host's other callers must not get a stranger's answer.
            return;
        }
        let result = result.map(outcome_from_wit).map_err(error_from_wit);
        if let Err(e) = self.conn.respond(id, result) {
            self.broken(format!("answering request {id}: {e}"));
        }
    }
}

impl wit::Host for State {}

/// `next-request` and `respond` serve requests: an active object's loop
/// starts a new time slice when they return (see [`Slice`]).
impl super::bindings::remoteobj::guest::host::Host for State {
    fn next_request(&mut self, timeout_ns: u64) -> Option<wit::Request> {
        // A request waits no longer than its time limit allows.
        let timeout_ns = match self.slice.left() {
            Some(left) => timeout_ns.min(u64::try_from(left.as_nanos()).unwrap_or(u64::MAX)),
            None => timeout_ns,
        };
        let fresh = self.slice.served();
        // Waiting here is the worker's own code: no ticking needed.
        let idle = self.ticker.idle();
        let request = self.take_request(timeout_ns);
        // Before the ticker wakes: the wait does not count.
        if fresh {
            self.slice.waited();
        }
        drop(idle);
        request
    }

    fn respond(&mut self, id: u64, result: Result<wit::Outcome, wit::Error>) {
        self.answer(id, result);
        self.slice.served();
    }

    fn should_stop(&mut self) -> bool {
        self.forward_logs();
        self.conn.stop_requested()
    }
}

fn not_ready(what: &str) -> RemoteError {
    RemoteError {
        kind: ErrorKind::Runtime,
        type_name: "worker".into(),
        message: format!("{what} is not available yet"),
        trace: Vec::new(),
    }
}

/// Compiles and instantiates guest components. The engine is made per
/// load, because its configuration follows the object's limits (fuel
/// metering).
#[derive(Debug, Default)]
pub struct WasmtimeLoader {
    _private: (),
}

impl WasmtimeLoader {
    /// A loader.
    pub fn new() -> Result<Self, String> {
        Ok(WasmtimeLoader::default())
    }
}

/// An engine for objects with these limits: the component model, epoch
/// interruption (the time limits), and fuel metering when asked for.
pub(crate) fn engine(limits: &Limits) -> Result<Engine, String> {
    let mut config = Config::new();
    config.wasm_component_model(true);
    config.epoch_interruption(true);
    config.consume_fuel(limits.fuel.is_some());
    Engine::new(&config).map_err(|e| format!("creating the engine: {e:#}"))
}

/// The WASI context: only what `grants` grants. No network (the default
/// socket check denies every address, name lookup is off), no inherited
/// stdio (output goes to `output`).
fn wasi_ctx(grants: &Grants, output: &OutputCapture) -> Result<WasiCtx, String> {
    let mut builder = WasiCtx::builder();
    builder
        .stdout(output.stream(LogStream::Stdout))
        .stderr(output.stream(LogStream::Stderr))
        .allow_ip_name_lookup(false)
        .socket_addr_check(|_, _| Box::pin(async { false }))
        .envs(&grants.env)
        .args(&grants.args);
    for dir in &grants.dirs {
        let perms = match dir.access {
            DirAccess::ReadOnly => FsPerms::ReadOnly,
            DirAccess::ReadWrite => FsPerms::ReadWrite,
        };
        builder
            .preopened_dir(&dir.host, &dir.guest, perms)
            .map_err(|e| format!("granting {} at {}: {e:#}", dir.host.display(), dir.guest))?;
    }
    Ok(builder.build())
}

/// The component for `source`: from the compiled-code cache when there is
/// one (compiling into it on a miss), compiled here otherwise, or when the
/// cache cannot be used (then the worker says why on its stderr).
fn compile(
    engine: &Engine,
    source: &ComponentSource,
    cache: Option<&std::path::Path>,
) -> Result<Component, String> {
    let what = match source {
        ComponentSource::Path(path) => path.display().to_string(),
        ComponentSource::Bytes(_) => "component bytes".to_string(),
    };
    let bytes: std::borrow::Cow<'_, [u8]> = match source {
        ComponentSource::Path(path) => std::fs::read(path)
            .map_err(|e| format!("{what}: {e}"))?
            .into(),
        ComponentSource::Bytes(bytes) => bytes.as_slice().into(),
    };
    if let Some(dir) = cache {
        match CompileCache::at(dir).load_or_compile(engine, &bytes) {
            Ok((component, not_stored)) => {
                if let Some(e) = not_stored {
                    eprintln!("remoteobj worker: compiled code not cached: {e}");
                }
                return Ok(component);
            }
            Err(CacheError::Compile(e)) => return Err(format!("{what}: {e}")),
            Err(e) => eprintln!("remoteobj worker: compile cache not used: {e}"),
        }
    }
    Component::from_binary(engine, &bytes).map_err(|e| format!("{what}: {e:#}"))
}

/// What every instance of one object is made with.
struct Setup {
    engine: Engine,
    pre: RemoteObjectPre<State>,
    slice: Arc<Slice>,
    ticker: Ticker,
    conn: Arc<Conn>,
    output: OutputCapture,
    grants: Grants,
    limits: Limits,
}

impl Setup {
    /// A fresh instance, its object created: a new store, a new WASI
    /// context, and the constructor run (by `describe`, its first export).
    fn instantiate(&self) -> Result<(Store<State>, RemoteObject, Schema), String> {
        let state = State {
            wasi: wasi_ctx(&self.grants, &self.output)?,
            table: ResourceTable::new(),
            conn: self.conn.clone(),
            output: self.output.clone(),
            schema: None,
            taken: HashSet::new(),
            limiter: Limiter::new(&self.limits),
            slice: self.slice.clone(),
            ticker: self.ticker.clone(),
        };
        let mut store = Store::new(&self.engine, state);
        store.limiter(|s| &mut s.limiter);
        store.epoch_deadline_callback(|ctx| {
            ctx.data().slice.check()?;
            Ok(UpdateDeadline::Continue(1))
        });
        store.set_epoch_deadline(1);
        self.refuel(&mut store, Running::Load);
        let _ticking = self.ticker.ticking();
        self.slice.enter(Running::Load);
        let created = self.create(&mut store);
        self.slice.leave();
        match created {
            Ok((bindings, schema)) => Ok((store, bindings, schema)),
            Err(message) => {
                // The constructor may have taken requests (it served some):
                // they are answered, not lost with the store.
                store.data_mut().fail_taken(|| RemoteError {
                    kind: ErrorKind::Runtime,
                    type_name: "worker".into(),
                    message: format!("creating the object failed: {message}"),
                    trace: Vec::new(),
                });
                Err(message)
            }
        }
    }

    /// Instantiates and runs the constructor in `store`.
    fn create(&self, store: &mut Store<State>) -> Result<(RemoteObject, Schema), String> {
        // Creating the object runs guest code: if that fails, what it
        // printed says why.
        let with_output = |message: String| {
            let mut lines = Vec::new();
            self.output.drain(&mut lines);
            let printed: Vec<String> = lines.into_iter().map(|(_, l)| l).collect();
            if printed.is_empty() {
                message
            } else {
                format!("{message}\nguest output:\n{}", printed.join("\n"))
            }
        };
        let bindings = self
            .pre
            .instantiate(&mut *store)
            .map_err(|e| with_output(format!("instantiating: {e:#}")))?;
        let schema = bindings
            .remoteobj_guest_object()
            .call_describe(&mut *store)
            .map_err(|e| with_output(format!("creating the object trapped: {e:#}")))?;
        let schema = schema_from_wit(schema);
        store.data_mut().schema = Some(schema.clone());
        Ok((bindings, schema))
    }

    /// Fills the store's fuel for what is about to run, when fuel is
    /// metered: a request gets its budget; creating the object and the
    /// object's own loop are bounded by time instead.
    fn refuel(&self, store: &mut Store<State>, running: Running) {
        if let Some(fuel) = self.limits.fuel {
            let fuel = if running == Running::Request {
                fuel
            } else {
                u64::MAX
            };
            // Fails only when metering is off, which `fuel` rules out.
            let _ = store.set_fuel(fuel);
        }
    }
}

impl Loader for WasmtimeLoader {
    type Guest = Instance;

    fn load(&self, load: Load, conn: Arc<Conn>) -> Result<Instance, String> {
        let engine = engine(&load.limits)?;
        let component = compile(&engine, &load.component, load.cache.as_deref())?;
        let mut linker = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker)
            .map_err(|e| format!("linking WASI: {e:#}"))?;
        RemoteObject::add_to_linker::<State, HasSelf<State>>(&mut linker, |s| s)
            .map_err(|e| format!("linking the host interface: {e:#}"))?;
        let pre = linker
            .instantiate_pre(&component)
            .and_then(RemoteObjectPre::new)
            .map_err(|e| format!("linking the component: {e:#}"))?;
        let slice = Arc::new(Slice::new(&load.limits));
        let stuck_conn = conn.clone();
        let busy_conn = conn.clone();
        // Guest code that runs for a tick leaves the pipe to the reader
        // thread, so control messages are seen while it runs.
        let busy = move || busy_conn.busy();
        let ticker = Ticker::start(&engine, slice.clone(), busy, move |why| {
            eprintln!("remoteobj worker: {why}");
            // The host hears it in the message if the pipe takes it within
            // half a second, and in the stderr tail in any case.
            let conn = stuck_conn.clone();
            let (said, wait) = std::sync::mpsc::channel();
            let _ = std::thread::Builder::new().spawn(move || {
                let _ = conn.send(&FromWorker::Fatal { message: why });
                let _ = said.send(());
            });
            let _ = wait.recv_timeout(std::time::Duration::from_millis(500));
        })?;
        let setup = Setup {
            ticker,
            slice,
            engine,
            pre,
            conn,
            output: OutputCapture::new(),
            grants: load.grants,
            limits: load.limits,
        };
        let (store, bindings, schema) = setup.instantiate()?;
        Ok(Instance {
            setup,
            store,
            bindings,
            schema,
            poisoned: None,
        })
    }
}

/// Guest code is running; see [`Instance::enter`].
struct Entered {
    _ticking: Ticking,
    slice: Arc<Slice>,
}

impl Drop for Entered {
    fn drop(&mut self) {
        self.slice.leave();
    }
}

/// One live guest instance, and what it takes to make a fresh one.
pub struct Instance {
    setup: Setup,
    store: Store<State>,
    bindings: RemoteObject,
    schema: Schema,
    /// The trap that made this instance unusable.
    poisoned: Option<RemoteError>,
}

impl Instance {
    /// The error for entering an instance that trapped before: the same
    /// kind as the trap.
    fn poisoned_error(&self) -> Option<RemoteError> {
        self.poisoned.as_ref().map(|trap| RemoteError {
            kind: trap.kind,
            type_name: trap.type_name.clone(),
            message: format!(
                "the instance trapped earlier and cannot be used: {}",
                trap.message
            ),
            trace: Vec::new(),
        })
    }

    /// Enters guest code to do `running`: the clock and the fuel start.
    /// Dropping the guard stops them.
    fn enter(&mut self, running: Running) -> Entered {
        self.setup.refuel(&mut self.store, running);
        self.setup.slice.enter(running);
        Entered {
            _ticking: self.setup.ticker.ticking(),
            slice: self.setup.slice.clone(),
        }
    }

    /// Answers the requests guest code took with `next-request` and left
    /// unanswered when the export it ran in ended (it trapped while
    /// resolving one, or returned without answering): each still gets one
    /// answer, the trap itself when there was one.
    fn answer_untaken(&mut self, trap: Option<&RemoteError>) {
        let type_name = &self.schema.type_name;
        self.store.data_mut().fail_taken(|| {
            trap.cloned().unwrap_or_else(|| RemoteError {
                kind: ErrorKind::Runtime,
                type_name: type_name.clone(),
                message: "the object took this request and ended without answering it".into(),
                trace: Vec::new(),
            })
        });
    }

    /// Poisons the instance and describes the trap: its kind (a limit, or
    /// a plain trap), and the wasm backtrace's function names as the trace.
    fn trapped(&mut self, trap: &wasmtime::Error) -> RemoteError {
        let (kind, message) = if let Some(hit) = trap.downcast_ref::<LimitHit>() {
            (hit.kind(), hit.to_string())
        } else {
            match trap.downcast_ref::<wasmtime::Trap>() {
                Some(wasmtime::Trap::OutOfFuel) => (
                    ErrorKind::FuelExhausted,
                    format!(
                        "fuel exhausted: the request used more than its {} units",
                        self.setup.limits.fuel.unwrap_or_default()
                    ),
                ),
                Some(code) => (ErrorKind::Trap, format!("guest trapped: {code}")),
                None => (ErrorKind::Trap, format!("guest failed: {trap}")),
            }
        };
        // A panic's message is on the guest's stderr (its panic hook wrote it
        // just before the abort): the caller should not have to dig it out
        // of the log.
        let said = self.setup.output.tail(LogStream::Stderr, 5);
        let message = if kind == ErrorKind::Trap && !said.is_empty() {
            format!("{message}\nguest stderr:\n{}", said.join("\n"))
        } else {
            message
        };
        let trace = trap
            .downcast_ref::<wasmtime::WasmBacktrace>()
            .map(|bt| {
                bt.frames()
                    .iter()
                    .map(|f| f.func_name().unwrap_or("<unnamed>").to_string())
                    .collect()
            })
            .unwrap_or_default();
        let error = RemoteError {
            kind,
            type_name: self.schema.type_name.clone(),
            message,
            trace,
        };
        self.poisoned = Some(error.clone());
        error
    }
}

impl Guest for Instance {
    fn invoke(&mut self, path: Vec<Op>) -> Result<Reply, RemoteError> {
        if let Some(error) = self.poisoned_error() {
            return Err(error);
        }
        let path: Vec<wit::Op> = path.into_iter().map(op_to_wit).collect();
        let ticking = self.enter(Running::Request);
        let result = match self
            .bindings
            .remoteobj_guest_object()
            .call_invoke(&mut self.store, &path)
        {
            Ok(Ok(outcome)) => Ok(outcome_from_wit(outcome)),
            Ok(Err(error)) => Err(error_from_wit(error)),
            Err(trap) => Err(self.trapped(&trap)),
        };
        drop(ticking);
        // A method may serve requests itself (it called `sleep`).
        self.answer_untaken(result.as_ref().err().filter(|e| e.kind.is_trap()));
        result
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    fn drain_logs(&mut self, out: &mut Vec<(LogStream, String)>) {
        self.setup.output.drain(out);
    }

    fn run(&mut self) -> RunEnd {
        if let Some(error) = self.poisoned_error() {
            return RunEnd::Failed(error);
        }
        let ticking = self.enter(Running::Loop);
        let end = match self
            .bindings
            .remoteobj_guest_object()
            .call_run(&mut self.store)
        {
            Ok(None) => RunEnd::NoLoop,
            Ok(Some(Ok(value))) => RunEnd::Returned(ByteBuf::from(value)),
            Ok(Some(Err(error))) => RunEnd::Failed(error_from_wit(error)),
            Err(trap) => RunEnd::Failed(self.trapped(&trap)),
        };
        drop(ticking);
        self.answer_untaken(match &end {
            RunEnd::Failed(e) if e.kind.is_trap() => Some(e),
            _ => None,
        });
        end
    }

    fn trap(&self) -> Option<&RemoteError> {
        self.poisoned.as_ref()
    }

    fn restart(&mut self) -> Result<(), String> {
        let (store, bindings, schema) = self.setup.instantiate().inspect_err(|e| {
            if let Some(trap) = &mut self.poisoned {
                trap.message = format!("{}; restarting it failed: {e}", trap.message);
            }
        })?;
        self.store = store;
        self.bindings = bindings;
        self.schema = schema;
        self.poisoned = None;
        Ok(())
    }
}

//! The wasmtime side of a worker: engine, store, WASI context (nothing
//! granted), the guest instance, and the `host` import an active guest's own
//! loop uses to serve requests while it runs.

use std::{
    collections::HashSet,
    sync::Arc,
    time::{Duration, Instant},
};

use serde_bytes::ByteBuf;
use wasmtime::component::{Component, HasSelf, Linker, ResourceTable};
use wasmtime::{Config, Engine, Store};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use crate::error::{ErrorKind, RemoteError};
use crate::protocol::{
    ComponentSource, FromWorker, Load, LogStream, Op, Reply, RequestBody, RunEnd, ToWorker,
};
use crate::schema::{AttributeInfo, MethodInfo, ParamInfo, Schema};

use super::bindings::{RemoteObject, wit};
use super::conn::{Conn, Received};
use super::output::OutputCapture;
use super::serve::{Guest, Loader, name};

/// The per-instance data wasmtime hands to host functions.
pub struct State {
    wasi: WasiCtx,
    table: ResourceTable,
    conn: Arc<Conn>,
    output: OutputCapture,
    schema: Option<Schema>,
    /// Requests the loop has taken with `next-request` and not answered.
    taken: HashSet<u64>,
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

    /// Ends the session from inside the loop: the host is told why.
    fn broken(&self, message: String) {
        let _ = self.conn.send(&FromWorker::Fatal {
            message: message.clone(),
        });
        self.conn.end(Some(message));
    }
}

impl wit::Host for State {}

impl super::bindings::remoteobj::guest::host::Host for State {
    fn next_request(&mut self, timeout_ns: u64) -> Option<wit::Request> {
        self.forward_logs();
        let deadline = Instant::now().checked_add(Duration::from_nanos(timeout_ns));
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

    fn respond(&mut self, id: u64, result: Result<wit::Outcome, wit::Error>) {
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

/// Compiles and instantiates guest components with one shared engine.
pub struct WasmtimeLoader {
    engine: Engine,
    linker: Linker<State>,
}

impl WasmtimeLoader {
    /// An engine with the component model and a linker with WASI p2 (deny by
    /// default) and the `host` import.
    pub fn new() -> Result<Self, String> {
        let mut config = Config::new();
        config.wasm_component_model(true);
        let engine = Engine::new(&config).map_err(|e| format!("creating the engine: {e:#}"))?;
        let mut linker = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker)
            .map_err(|e| format!("linking WASI: {e:#}"))?;
        RemoteObject::add_to_linker::<State, HasSelf<State>>(&mut linker, |s| s)
            .map_err(|e| format!("linking the host interface: {e:#}"))?;
        Ok(WasmtimeLoader { engine, linker })
    }
}

impl Loader for WasmtimeLoader {
    type Guest = Instance;

    fn load(&self, load: Load, conn: Arc<Conn>) -> Result<Instance, String> {
        let component = match &load.component {
            ComponentSource::Path(path) => Component::from_file(&self.engine, path)
                .map_err(|e| format!("{}: {e:#}", path.display()))?,
            ComponentSource::Bytes(bytes) => Component::from_binary(&self.engine, bytes)
                .map_err(|e| format!("component bytes: {e:#}"))?,
        };
        let output = OutputCapture::new();
        // Deny by default: no preopened directories, no environment, no
        // arguments, no network, no inherited stdio.
        let wasi = WasiCtx::builder()
            .stdout(output.stream(LogStream::Stdout))
            .stderr(output.stream(LogStream::Stderr))
            .build();
        let state = State {
            wasi,
            table: ResourceTable::new(),
            conn,
            output: output.clone(),
            schema: None,
            taken: HashSet::new(),
        };
        let mut store = Store::new(&self.engine, state);
        // Creating the object runs guest code (its constructor runs on the
        // first export call): if that fails, what it printed says why.
        let with_output = |message: String| {
            let mut lines = Vec::new();
            output.drain(&mut lines);
            let printed: Vec<String> = lines.into_iter().map(|(_, l)| l).collect();
            if printed.is_empty() {
                message
            } else {
                format!("{message}\nguest output:\n{}", printed.join("\n"))
            }
        };
        let bindings = RemoteObject::instantiate(&mut store, &component, &self.linker)
            .map_err(|e| with_output(format!("instantiating: {e:#}")))?;
        let schema = bindings
            .remoteobj_guest_object()
            .call_describe(&mut store)
            .map_err(|e| with_output(format!("creating the object trapped: {e:#}")))?;
        let schema = schema_from_wit(schema);
        store.data_mut().schema = Some(schema.clone());
        Ok(Instance {
            store,
            bindings,
            schema,
            poisoned: None,
        })
    }
}

/// One live guest instance.
pub struct Instance {
    store: Store<State>,
    bindings: RemoteObject,
    schema: Schema,
    poisoned: Option<String>,
}

impl Instance {
    /// The error for entering an instance that trapped before.
    fn poisoned_error(&self) -> Option<RemoteError> {
        self.poisoned.as_ref().map(|reason| RemoteError {
            kind: ErrorKind::Trap,
            type_name: self.schema.type_name.clone(),
            message: format!("the instance trapped earlier and cannot be used: {reason}"),
            trace: Vec::new(),
        })
    }

    /// Answers the requests guest code took with `next-request` and left
    /// unanswered when the export it ran in ended (it trapped while
    /// resolving one, or returned without answering): each still gets one
    /// answer, the trap itself when there was one.
    fn answer_untaken(&mut self, trap: Option<&RemoteError>) {
        let unanswered: Vec<u64> = self.store.data_mut().taken.drain().collect();
        for id in unanswered {
            let error = trap.cloned().unwrap_or_else(|| RemoteError {
                kind: ErrorKind::Runtime,
                type_name: self.schema.type_name.clone(),
                message: "the object took this request and ended without answering it".into(),
                trace: Vec::new(),
            });
            let _ = self.store.data().conn.respond(id, Err(error));
        }
    }

    /// Poisons the instance and describes the trap, with the wasm backtrace's
    /// function names as the trace.
    fn trapped(&mut self, trap: &wasmtime::Error) -> RemoteError {
        let message = trap_message(trap);
        let trace = trap
            .downcast_ref::<wasmtime::WasmBacktrace>()
            .map(|bt| {
                bt.frames()
                    .iter()
                    .map(|f| f.func_name().unwrap_or("<unnamed>").to_string())
                    .collect()
            })
            .unwrap_or_default();
        self.poisoned = Some(message.clone());
        RemoteError {
            kind: ErrorKind::Trap,
            type_name: self.schema.type_name.clone(),
            message,
            trace,
        }
    }
}

impl Guest for Instance {
    fn invoke(&mut self, path: Vec<Op>) -> Result<Reply, RemoteError> {
        if let Some(error) = self.poisoned_error() {
            return Err(error);
        }
        let path: Vec<wit::Op> = path.into_iter().map(op_to_wit).collect();
        let result = match self
            .bindings
            .remoteobj_guest_object()
            .call_invoke(&mut self.store, &path)
        {
            Ok(Ok(outcome)) => Ok(outcome_from_wit(outcome)),
            Ok(Err(error)) => Err(error_from_wit(error)),
            Err(trap) => Err(self.trapped(&trap)),
        };
        // A method may serve requests itself (it called `sleep`).
        self.answer_untaken(result.as_ref().err().filter(|e| e.kind == ErrorKind::Trap));
        result
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    fn drain_logs(&mut self, out: &mut Vec<(LogStream, String)>) {
        self.store.data().output.drain(out);
    }

    fn run(&mut self) -> RunEnd {
        if let Some(error) = self.poisoned_error() {
            return RunEnd::Failed(error);
        }
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
        self.answer_untaken(match &end {
            RunEnd::Failed(e) if e.kind == ErrorKind::Trap => Some(e),
            _ => None,
        });
        end
    }
}

fn trap_message(trap: &wasmtime::Error) -> String {
    match trap.downcast_ref::<wasmtime::Trap>() {
        Some(code) => format!("guest trapped: {code}"),
        None => format!("guest failed: {trap}"),
    }
}

fn op_to_wit(op: Op) -> wit::Op {
    match op {
        Op::GetAttr(name) => wit::Op::Getattr(name),
        Op::GetItem(key) => wit::Op::Getitem(key.into_vec()),
        Op::Call { args, kwargs } => wit::Op::Call(call_args(args, kwargs)),
        Op::SetAttr(name, value) => wit::Op::Setattr(wit::SetAttr {
            name,
            value: value.into_vec(),
        }),
        Op::SetItem(key, value) => wit::Op::Setitem(wit::SetItem {
            key: key.into_vec(),
            value: value.into_vec(),
        }),
        Op::DelAttr(name) => wit::Op::Delattr(name),
        Op::DelItem(key) => wit::Op::Delitem(key.into_vec()),
        Op::Len => wit::Op::Len,
        Op::Contains(key) => wit::Op::Contains(key.into_vec()),
        Op::Super => wit::Op::Super,
        Op::PassTo { func, args, kwargs } => wit::Op::Passto(wit::PasstoCall {
            function: func,
            args: call_args(args, kwargs),
        }),
    }
}

fn call_args(args: Vec<ByteBuf>, kwargs: Vec<(String, ByteBuf)>) -> wit::CallArgs {
    wit::CallArgs {
        positional: args.into_iter().map(ByteBuf::into_vec).collect(),
        named: kwargs
            .into_iter()
            .map(|(name, value)| wit::NamedArg {
                name,
                value: value.into_vec(),
            })
            .collect(),
    }
}

fn outcome_from_wit(outcome: wit::Outcome) -> Reply {
    match outcome {
        wit::Outcome::Value(bytes) => Reply::Value(ByteBuf::from(bytes)),
        wit::Outcome::This => Reply::This,
    }
}

fn error_from_wit(e: wit::Error) -> RemoteError {
    let kind = match e.kind {
        wit::ErrorKind::Attribute => ErrorKind::Attribute,
        wit::ErrorKind::Key => ErrorKind::Key,
        wit::ErrorKind::Index => ErrorKind::Index,
        wit::ErrorKind::Type => ErrorKind::Type,
        wit::ErrorKind::Value => ErrorKind::Value,
        wit::ErrorKind::NotCallable => ErrorKind::NotCallable,
        wit::ErrorKind::Unsupported => ErrorKind::Unsupported,
        wit::ErrorKind::Runtime => ErrorKind::Runtime,
        wit::ErrorKind::InvalidRequest => ErrorKind::InvalidRequest,
    };
    RemoteError {
        kind,
        type_name: e.type_name,
        message: e.message,
        trace: e.trace,
    }
}

fn schema_from_wit(s: wit::Schema) -> Schema {
    Schema {
        type_name: s.type_name,
        doc: s.doc,
        attributes: s
            .attributes
            .into_iter()
            .map(|a| AttributeInfo {
                name: a.name,
                type_name: a.type_,
                read_only: a.read_only,
                doc: a.doc,
            })
            .collect(),
        methods: s
            .methods
            .into_iter()
            .map(|m| MethodInfo {
                name: m.name,
                params: m
                    .params
                    .into_iter()
                    .map(|p| ParamInfo {
                        name: p.name,
                        type_name: p.type_,
                        optional: p.optional,
                        default: p.default,
                    })
                    .collect(),
                returns: m.returns,
                doc: m.doc,
            })
            .collect(),
        bases: s.bases,
        active: s.active,
    }
}

//! One live guest instance, and what it takes to make a fresh one after a
//! trap: entering guest code under the object's limits, turning traps into
//! remote errors (a limit's kind, the wasm backtrace), and answering what a
//! trapped export left unanswered.

use std::{collections::HashSet, sync::Arc};

use remoteobj_protocol::{
    ErrorKind, Grants, Limits, LogStream, Op, RemoteError, Reply, RunEnd, Schema,
};
use serde_bytes::ByteBuf;
use wasmtime::component::ResourceTable;
use wasmtime::{Engine, Store, UpdateDeadline};

use crate::bindings::{RemoteObject, RemoteObjectPre, wit};
use crate::conn::Conn;
use crate::guest::Guest;
use crate::import::State;
use crate::limits::{LimitHit, Limiter};
use crate::output::OutputCapture;
use crate::slice::{Running, Slice};
use crate::ticker::{Ticker, Ticking};
use crate::wasi::wasi_ctx;
use crate::wit_convert::{error_from_wit, op_to_wit, outcome_from_wit, schema_from_wit};

/// What every instance of one object is made with.
pub(crate) struct Setup {
    pub(crate) engine: Engine,
    pub(crate) pre: RemoteObjectPre<State>,
    pub(crate) slice: Arc<Slice>,
    pub(crate) ticker: Ticker,
    pub(crate) conn: Arc<Conn>,
    pub(crate) output: OutputCapture,
    pub(crate) grants: Grants,
    pub(crate) limits: Limits,
}

impl Setup {
    /// A fresh instance, its object created: a new store, a new WASI
    /// context, and the constructor run (by `describe`, its first export).
    pub(crate) fn instantiate(&self) -> Result<(Store<State>, RemoteObject, Schema), String> {
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
pub(crate) struct Instance {
    setup: Setup,
    store: Store<State>,
    bindings: RemoteObject,
    schema: Schema,
    /// The trap that made this instance unusable.
    poisoned: Option<RemoteError>,
}

impl Instance {
    /// Creates the object: a first instance made with `setup`.
    pub(crate) fn create(setup: Setup) -> Result<Self, String> {
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
    /// a plain trap), and the wasm backtrace's function names, demangled, as
    /// the trace.
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
                    .map(|f| match f.func_name() {
                        // `{:#}`: without the symbol hash. A name that is not
                        // a Rust symbol is kept as it is.
                        Some(name) => format!("{:#}", rustc_demangle::demangle(name)),
                        None => "<unnamed>".to_string(),
                    })
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

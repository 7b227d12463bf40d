//! Loading a component into a worker: the engine for its limits, the
//! compiled component (cache or compiler), the linker with WASI and the
//! `host` import, the epoch ticker, and the first instance.

use std::sync::Arc;

use remoteobj_protocol::{FromWorker, Load};
use wasmtime::component::{HasSelf, Linker};

use crate::bindings::{RemoteObject, RemoteObjectPre};
use crate::component::compile;
use crate::conn::Conn;
use crate::engine::engine;
use crate::guest::Loader;
use crate::import::State;
use crate::instance::{Instance, Setup};
use crate::output::OutputCapture;
use crate::slice::Slice;
use crate::ticker::Ticker;

/// Compiles and instantiates guest components. The engine is made per
/// load, because its configuration follows the object's limits (fuel
/// metering).
#[derive(Debug, Default)]
pub(crate) struct WasmtimeLoader;

impl Loader for WasmtimeLoader {
    type Guest = Instance;

    fn load(&self, load: Load, conn: Arc<Conn>) -> Result<Instance, String> {
        let engine = engine(&load.limits)?;
        let component = compile(
            &engine,
            &load.component,
            load.max_component,
            load.cache.as_deref(),
        )?;
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
        Instance::create(setup)
    }
}

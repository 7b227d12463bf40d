//! The store's data, and the `host` import an active object's own loop
//! calls to serve requests while it runs (`next-request`, `respond`,
//! `should-stop`): requests taken there are resolved by the guest itself.

use std::{collections::HashSet, sync::Arc, time::Instant};

use remoteobj_protocol::{FrameError, FromWorker, RemoteError, Schema};
use wasmtime::component::ResourceTable;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use crate::bindings::wit;
use crate::conn::Conn;
use crate::dispatch::{self, Next};
use crate::limits::Limiter;
use crate::output::OutputCapture;
use crate::slice::Slice;
use crate::ticker::Ticker;
use crate::wit_convert::{error_from_wit, op_to_wit, outcome_from_wit};

/// The per-instance data wasmtime hands to host functions.
pub(crate) struct State {
    pub(crate) wasi: WasiCtx,
    pub(crate) table: ResourceTable,
    pub(crate) conn: Arc<Conn>,
    pub(crate) output: OutputCapture,
    /// Known once the object is created (`describe` returned).
    pub(crate) schema: Option<Schema>,
    /// Requests the loop has taken with `next-request` and not answered.
    pub(crate) taken: HashSet<u64>,
    pub(crate) limiter: Limiter,
    /// The stretch of guest code being timed (see [`Slice`]).
    pub(crate) slice: Arc<Slice>,
    pub(crate) ticker: Ticker,
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
    pub(crate) fn fail_taken(&mut self, error: impl FnOnce() -> RemoteError) {
        if self.taken.is_empty() {
            return;
        }
        let error = error();
        for id in std::mem::take(&mut self.taken) {
            let _ = self.conn.respond(id, Err(error.clone()));
        }
    }

    /// The next request for the loop, waiting at most `timeout_ns`; what
    /// the worker answers itself is answered on the way (see
    /// [`dispatch::next`]).
    fn take_request(&mut self, timeout_ns: u64) -> Option<wit::Request> {
        let request = self.wait_for_request(timeout_ns);
        // Room in the stream wakes only the one wait after a failed emit.
        self.conn.room_wait_over();
        request
    }

    fn wait_for_request(&mut self, timeout_ns: u64) -> Option<wit::Request> {
        self.forward_logs();
        if self.conn.stopped_listening() {
            // Nothing more is taken: the wait is all there is.
            self.conn
                .wait_for_stop(std::time::Duration::from_nanos(timeout_ns));
            return None;
        }
        let deadline = Instant::now().checked_add(std::time::Duration::from_nanos(timeout_ns));
        let conn = self.conn.clone();
        // Once the loop is asked to stop (even while it waits here), only
        // requests already waiting are handed out: the loop is not kept
        // waiting.
        let until = || {
            if conn.stop_requested() {
                Some(Instant::now())
            } else {
                deadline
            }
        };
        match dispatch::next(&self.conn, until, self.schema.as_ref()) {
            Next::Invoke { id, path } => {
                self.taken.insert(id);
                Some(wit::Request {
                    id,
                    path: path.into_iter().map(op_to_wit).collect(),
                })
            }
            Next::TimedOut | Next::Woken | Next::Ended => None,
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
            self.conn.fail(format!("answering request {id}: {e}"));
        }
    }
}

impl wit::Host for State {}

/// `next-request` and `respond` serve requests: an active object's loop
/// starts a new time slice when they return (see [`Slice`]).
impl crate::bindings::remoteobj::guest::host::Host for State {
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

    fn stop_listening(&mut self) {
        self.forward_logs();
        if let Err(e) = self.conn.stop_listening(self.taken.iter().copied()) {
            self.conn.fail(format!(
                "telling the host the object stopped listening: {e}"
            ));
        }
    }

    fn emit(&mut self, value: Vec<u8>) -> Result<bool, wit::Error> {
        self.forward_logs();
        let len = value.len();
        match self.conn.emit(value) {
            Ok(sent) => Ok(sent),
            Err(FrameError::TooLarge { max, .. }) => Err(wit::Error {
                kind: wit::ErrorKind::Value,
                type_name: "stream".into(),
                message: format!(
                    "an emitted value of {len} bytes is over the frame limit of {max} bytes"
                ),
                trace: Vec::new(),
            }),
            Err(e) => {
                self.conn.fail(format!("sending an emitted value: {e}"));
                Ok(false)
            }
        }
    }

    fn report_error(&mut self, group: String, error: wit::Error) {
        self.forward_logs();
        let error = error_from_wit(error);
        if let Err(e) = self.conn.caught(group, error) {
            self.conn.fail(format!("sending a caught error: {e}"));
        }
    }
}

//! An active object for the end-to-end tests: a loop whose behaviour the
//! host changes, through attributes and methods, while it runs.
//!
//! Each step the loop takes stock (stop, limit, fail, panic), reaches a
//! cooperative point chosen by `mode` — `"sleep"` (5 ms of `sleep`, the
//! default), `"yield"` (`yield_now`, which answers at most one waiting
//! request, then 1 ms of work) or `"process"` (`process_requests`, then 1 ms
//! of work) — and then does the work `block(ms)` asked for, if any: that
//! long without answering anything (sleeping), and the computing `busy(ms)`
//! asked for (running guest code). In `"yield"` mode the work so starts
//! right after `block` is answered, before anything else can be.
//!
//! Knobs for the loop's ways of talking back: `end_listening` (the object
//! stops listening by itself), `emit_count` (a stream of values) and
//! `catch_count` (errors recorded for the host while the loop goes on).

use std::time::{Duration, Instant};

use remoteobj_guest::{
    Error, Pending, Value, catch, emit, process_requests, remote, should_stop, sleep,
    stop_listening, yield_now,
};

/// A loop with knobs.
#[remote]
#[derive(Default)]
pub struct Stepper {
    /// Steps taken so far.
    #[remote(read_only)]
    steps: u64,
    /// The cooperative point: "sleep", "yield" or "process".
    mode: String,
    /// How long "sleep" mode sleeps each step, in milliseconds (0: 5).
    nap_ms: u64,
    /// Once set, the loop returns this error at its next step.
    fail: Option<String>,
    /// Once true, the loop panics at its next step (the guest traps).
    panic: bool,
    /// The loop returns by itself after this many steps (0: never).
    limit: u64,
    /// Requests `process_requests` answered, in all.
    #[remote(read_only)]
    processed: u64,
    /// Calls of `hit()`.
    #[remote(read_only)]
    hits: u64,
    /// When not 0, the loop returns a byte string this long instead of its
    /// step count (to try the frame limit).
    return_bytes: u64,
    /// Once "fulfill" or "cancel", the loop ends its listening at its next
    /// step (answering what waits first, or not) and returns `hits`.
    end_listening: String,
    /// How long the loop goes on (sleeping) after it ends its listening,
    /// in milliseconds; a stop cuts it short.
    linger_ms: u64,
    /// When not 0, the loop emits its step numbers, one per step, until it
    /// has emitted this many, then returns how many it emitted.
    emit_count: u64,
    /// Values emitted so far.
    #[remote(read_only)]
    emitted: u64,
    /// When not 0, the loop records an IndexError under "process" at each
    /// step, this many times, and goes on.
    catch_count: u64,
    /// Milliseconds of work still to do at the end of this step.
    #[remote(skip)]
    block_ms: u64,
    /// Milliseconds of computing still to do at the end of this step.
    #[remote(skip)]
    busy_ms: u64,
}

#[remote]
impl Stepper {
    /// Returns its argument, to tell concurrent answers apart.
    pub fn echo(&self, v: Value) -> Value {
        v
    }

    /// Counts a call and returns the count.
    pub fn hit(&mut self) -> u64 {
        self.hits += 1;
        self.hits
    }

    /// Makes the loop work for `ms` milliseconds once it leaves this
    /// cooperative point, answering nothing meanwhile.
    pub fn block(&mut self, ms: u64) {
        self.block_ms = ms;
    }

    /// Makes the loop compute for `ms` milliseconds once it leaves this
    /// cooperative point (guest code running, not a sleep), answering
    /// nothing meanwhile.
    pub fn busy(&mut self, ms: u64) {
        self.busy_ms = ms;
    }

    /// Panics while the loop is answering this request (the guest traps).
    pub fn crash(&mut self) {
        panic!("crash() called at step {}", self.steps);
    }

    /// Records a ValueError with `message` under `group` for the host,
    /// and goes on.
    pub fn record(&mut self, group: String, message: String) {
        remoteobj_guest::report(&group, Error::value_error("Stepper", message));
    }

    /// Ends the object's listening from a method: "fulfill" or "cancel".
    pub fn end_now(&mut self, pending: String) -> Result<(), Error> {
        let pending = pending_of(&pending)?;
        stop_listening(self, pending);
        Ok(())
    }

    /// Answers other requests from inside this method for `ms`
    /// milliseconds (a method may be a cooperative point too).
    pub fn serve_for(&mut self, ms: u64) {
        sleep(self, Duration::from_millis(ms));
    }
}

/// The loop: returns the number of steps taken when asked to stop or at
/// its limit (or `return_bytes` bytes), or the error `fail` was set to.
pub fn run(s: &mut Stepper) -> Result<Value, Error> {
    loop {
        if should_stop() || (s.limit != 0 && s.steps >= s.limit) {
            if s.return_bytes > 0 {
                return Ok(Value::Bytes(vec![7; s.return_bytes as usize]));
            }
            return Ok(Value::from(s.steps));
        }
        if let Some(message) = s.fail.take() {
            return Err(Error::runtime("Stepper", message));
        }
        if !s.end_listening.is_empty() {
            let pending = pending_of(&s.end_listening)?;
            stop_listening(s, pending);
            let linger = Duration::from_millis(s.linger_ms);
            sleep(s, linger);
            return Ok(Value::from(s.hits));
        }
        if s.emit_count > 0 {
            if s.emitted == s.emit_count {
                return Ok(Value::from(s.emitted));
            }
            let value = s.steps + 1;
            if !emit(s, &value)? {
                return Ok(Value::from(s.emitted));
            }
            s.emitted += 1;
        }
        if s.catch_count > 0 {
            s.catch_count -= 1;
            let step = s.steps;
            catch("process", || -> Result<(), Error> {
                Err(Error::index_error("Stepper", format!("step {step} failed")))
            });
        }
        if s.panic {
            panic!("the stepper was asked to panic at step {}", s.steps);
        }
        s.steps += 1;
        match s.mode.as_str() {
            "yield" => {
                yield_now(s);
                std::thread::sleep(Duration::from_millis(1));
            }
            "process" => {
                let answered = process_requests(s);
                s.processed += answered as u64;
                std::thread::sleep(Duration::from_millis(1));
            }
            _ => {
                let nap = if s.nap_ms == 0 { 5 } else { s.nap_ms };
                sleep(s, Duration::from_millis(nap));
            }
        }
        let work = std::mem::take(&mut s.block_ms);
        if work > 0 {
            std::thread::sleep(Duration::from_millis(work));
        }
        let busy = std::mem::take(&mut s.busy_ms);
        if busy > 0 {
            let until = Instant::now() + Duration::from_millis(busy);
            while Instant::now() < until {
                std::hint::black_box(s.steps);
            }
        }
    }
}

/// "fulfill" or "cancel".
fn pending_of(name: &str) -> Result<Pending, Error> {
    match name {
        "fulfill" => Ok(Pending::Fulfill),
        "cancel" => Ok(Pending::Cancel),
        other => Err(Error::value_error(
            "Stepper",
            format!("`{other}` is neither \"fulfill\" nor \"cancel\""),
        )),
    }
}

remoteobj_guest::export!(Stepper, run = run);

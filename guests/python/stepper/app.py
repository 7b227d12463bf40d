"""An active object for the end-to-end tests, in the shape of the Rust
stepper guest: a loop whose behaviour the host changes, through attributes
and methods, while it runs.

Each step the loop takes stock (stop, limit, fail), reaches the cooperative
point chosen by `mode` -- "sleep" (5 ms of `sleep`, the default), "yield"
(`yield_now`, which answers at most one waiting request, then 1 ms of work)
or "process" (`process_requests`, then 1 ms of work) -- and then does the
work `block(ms)` and `busy(ms)` asked for, answering nothing meanwhile.
"""

import time

from remoteobj_guest import (catch, emit, export, process_requests, report,
                             should_stop, sleep, stop_listening, yield_now)


class Stepper:
    """A loop with knobs."""

    def __init__(self):
        self._steps = 0
        self.mode = "sleep"
        self.nap_ms = 0
        self.fail = None
        self.limit = 0
        self._processed = 0
        self._hits = 0
        self.return_bytes = 0
        self.end_listening = ""
        self.linger_ms = 0
        self.emit_count = 0
        self._emitted = 0
        self.catch_count = 0
        self._block_ms = 0
        self._busy_ms = 0

    @property
    def steps(self):
        """Steps taken so far."""
        return self._steps

    @property
    def processed(self):
        """Requests `process_requests` answered, in all."""
        return self._processed

    @property
    def hits(self):
        """Calls of `hit()`."""
        return self._hits

    @property
    def emitted(self):
        """Values emitted so far."""
        return self._emitted

    def echo(self, v):
        """Returns its argument, to tell concurrent answers apart."""
        return v

    def hit(self):
        """Counts a call and returns the count."""
        self._hits += 1
        return self._hits

    def block(self, ms):
        """Makes the loop sleep `ms` milliseconds once it leaves this
        cooperative point, answering nothing meanwhile."""
        self._block_ms = ms

    def busy(self, ms):
        """Makes the loop compute for `ms` milliseconds once it leaves this
        cooperative point, answering nothing meanwhile."""
        self._busy_ms = ms

    def record(self, group, message):
        """Records a ValueError with `message` under `group` for the host,
        and goes on."""
        report(group, ValueError(message))

    def end_now(self, pending):
        """Ends the object's listening from a method: "fulfill" or "cancel"."""
        stop_listening(fulfill=_fulfill(pending))

    def serve_for(self, ms):
        """Answers other requests from inside this method for `ms`
        milliseconds (a method may be a cooperative point too)."""
        sleep(ms / 1000)


def _fulfill(name):
    if name not in ("fulfill", "cancel"):
        raise ValueError(f'`{name}` is neither "fulfill" nor "cancel"')
    return name == "fulfill"


def run(s):
    """The loop: the number of steps taken when asked to stop or at its
    limit (or `return_bytes` bytes), or the error `fail` was set to."""
    while True:
        if should_stop() or (s.limit and s._steps >= s.limit):
            if s.return_bytes > 0:
                return bytes([7]) * s.return_bytes
            return s._steps
        if s.fail is not None:
            message, s.fail = s.fail, None
            raise RuntimeError(message)
        if s.end_listening:
            stop_listening(fulfill=_fulfill(s.end_listening))
            sleep(s.linger_ms / 1000)
            return s._hits
        if s.emit_count > 0:
            if s._emitted == s.emit_count:
                return s._emitted
            if not emit(s._steps + 1):
                return s._emitted
            s._emitted += 1
        if s.catch_count > 0:
            s.catch_count -= 1
            with catch("process"):
                raise IndexError(f"step {s._steps} failed")
        s._steps += 1
        if s.mode == "yield":
            yield_now()
            time.sleep(0.001)
        elif s.mode == "process":
            s._processed += process_requests()
            time.sleep(0.001)
        else:
            sleep((s.nap_ms or 5) / 1000)
        work, s._block_ms = s._block_ms, 0
        if work > 0:
            time.sleep(work / 1000)
        busy, s._busy_ms = s._busy_ms, 0
        if busy > 0:
            until = time.monotonic() + busy / 1000
            while time.monotonic() < until:
                pass


export(Stepper(), run=run)

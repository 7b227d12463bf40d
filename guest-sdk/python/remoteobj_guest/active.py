"""Active objects: the object's own loop (Python remoteobj's
``run_remote_stuff(obj, event)``) and the cooperative points where it
answers the host, over the WIT ``host`` import. Requests are resolved
against the object only at these points, never in the middle of a step.

================================================  ==========================
Python remoteobj                                  here
================================================  ==========================
``with obj.remote.background_listen(): sleep(d)`` ``sleep(d)``
``obj.remote.process_requests()``                 ``process_requests()``
``while not event.is_set()``                      ``while not should_stop()``
leaving ``with obj.remote:``                      ``stop_listening(fulfill)``
``yield value`` in the process function           ``emit(value)``
``with catch('process'): ...``                    ``with catch('process'):``
================================================  ==========================
"""

import time
from contextlib import contextmanager

from . import cbor
from ._bindings import Err, host, types
from .errors import RemoteError, from_exception

__all__ = ["sleep", "yield_now", "process_requests", "should_stop", "stop_listening",
           "emit", "catch", "report"]

# The object the component serves (set by ``export``): what requests taken
# at a cooperative point are resolved against.
_served = []


def _object():
    if not _served:
        raise RuntimeError("no object is exported yet: call export(obj) first")
    return _served[0]


def _serve(request):
    from .component import serve

    serve(_object(), request)


def should_stop():
    """Whether the host has asked the loop to finish (``stop()``, or closing
    the object)."""
    return host.should_stop()


#: The longest wait one ``next-request`` is asked for, in seconds (an
#: hour: a longer or infinite sleep waits again).
_MAX_WAIT = 3600


def sleep(seconds):
    """Sleeps ``seconds`` while answering the host's requests as they
    arrive (``sleep(0)`` answers one already waiting, as ``yield_now``
    does); returns early, ``True``, once the host asks the loop to stop."""
    if seconds != seconds or seconds < 0:  # NaN, or negative
        raise ValueError(f"sleep length must be a non-negative number, not {seconds!r}")
    deadline = time.monotonic() + seconds
    while True:
        left = max(deadline - time.monotonic(), 0)
        request = host.next_request(int(min(left, _MAX_WAIT) * 1e9))
        if request is not None:
            _serve(request)
            if left == 0:
                return host.should_stop()
        elif host.should_stop():
            return True
        elif left == 0:
            return False


def yield_now():
    """Answers at most one request already waiting; returns whether a stop
    was asked."""
    request = host.next_request(0)
    if request is not None:
        _serve(request)
    return host.should_stop()


def process_requests():
    """Answers every request waiting (Python remoteobj's manual mode);
    returns how many."""
    answered = 0
    while (request := host.next_request(0)) is not None:
        _serve(request)
        answered += 1
    return answered


def stop_listening(fulfill=True):
    """Ends the object's listening, as leaving Python remoteobj's
    ``with obj.remote:`` block does: requests waiting are answered first
    (``fulfill=True``, its ``fulfill_final``) or cancelled; the host then
    sends no more, and the worker exits once the loop returns."""
    answered = process_requests() if fulfill else 0
    host.stop_listening()
    return answered


def emit(value):
    """Sends ``value`` to the host's stream (``for v in obj.stream()``),
    answering requests while the stream is full; returns whether it was
    sent (``False`` only once a stop is asked while the stream is full)."""
    from .component import fields

    try:
        raw = cbor.dumps(value, default=fields)
    except (TypeError, ValueError, OverflowError, RecursionError) as e:
        raise TypeError(f"emit: {e}") from None
    while True:
        try:
            if host.emit(raw):
                return True
        except Err as e:
            raise ValueError(e.value.message) from None
        if host.should_stop():
            return False
        request = host.next_request(1_000_000_000)
        if request is not None:
            _serve(request)


def report(group, exc):
    """Records ``exc`` under ``group`` for the host (``obj.caught()``)."""
    from .component import wit_error

    error = exc if isinstance(exc, RemoteError) else from_exception(exc, None)
    host.report_error(group, wit_error(error, types))


@contextmanager
def catch(group, types=(Exception,)):
    """``with catch('process'): ...``: an exception of ``types`` raised
    inside is recorded under ``group`` for the host, and the code after the
    block goes on (Python remoteobj's ``Except``)."""
    try:
        yield
    except types as e:  # noqa: BLE001 - what the caller asked to catch
        report(group, e)

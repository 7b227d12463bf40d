"""remoteobj guest SDK for Python: any Python object served as a remote
object, with Python's own semantics (the WIT world `remote-object`).

Work in progress: the resolver, the CBOR codec, errors and ``passto`` run
natively and are tested; ``export`` and ``describe`` serve a module that
componentize-py builds (tried by hand: ``remoteobj call`` drives it). Still
to come: the project's build of Python guests, the active-object calls,
and the end-to-end suite.
"""

from .active import (catch, emit, process_requests, report, should_stop, sleep,
                     stop_listening, yield_now)
from .errors import RemoteError
from .passto import remote_function
from .resolve import THIS, resolve


def export(obj, run=None):
    """Serves ``obj`` as this component's remote object (see
    :mod:`remoteobj_guest.component`); ``run(obj)`` is its own loop."""
    import inspect

    from .component import export_class

    cls = export_class(obj, run)
    caller = inspect.currentframe().f_back
    if caller is not None:
        caller.f_globals["Object"] = cls
    return cls


__all__ = ["RemoteError", "THIS", "catch", "emit", "export", "process_requests",
           "remote_function", "report", "resolve", "should_stop", "sleep",
           "stop_listening", "yield_now"]

"""remoteobj guest SDK for Python: any Python object served as a remote
object, with Python's own semantics (the WIT world `remote-object`).

A guest module is a plain class and one line, ``export(SomeObject())``
(``export(obj, run=loop)`` for an object with a loop of its own);
componentize-py builds it into a component. The resolver, the CBOR codec,
errors, ``describe`` and ``passto`` also run natively, for the SDK's own
tests; ``export`` and the active-object calls need the component's
bindings.
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

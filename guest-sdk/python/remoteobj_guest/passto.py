"""``passto``: functions the guest runs on an object for the host (Python
remoteobj's ``passto(func, obj, *args)``, minus shipping code across the
sandbox). Built in: ``str``, ``repr``, ``list``, ``hasattr(name)`` and
``dir``; anything else must be a function the author marked with
:func:`remote_function`."""

import difflib

from .errors import RemoteError

__all__ = ["remote_function", "call", "BUILT_IN"]

_FUNCTIONS = {}

BUILT_IN = {
    "str": str,
    "repr": repr,
    "list": list,
    "hasattr": hasattr,
    "dir": lambda obj: sorted(dir(obj)),
}


def remote_function(func):
    """Marks ``func(obj, *args)`` as one the host may pass the object to."""
    _FUNCTIONS[func.__name__] = func
    return func


def call(obj, name, args, kwargs):
    """``name(obj, *args, **kwargs)``."""
    func = BUILT_IN.get(name) or _FUNCTIONS.get(name)
    if func is None:
        known = sorted(BUILT_IN) + sorted(_FUNCTIONS)
        message = f"no function {name!r} to pass the object to (known: {', '.join(known)})"
        best = difflib.get_close_matches(name, known, n=1)
        if best:
            message += f"; did you mean {best[0]!r}?"
        raise RemoteError("attribute", "passto", message)
    return func(obj, *args, **kwargs)

"""Errors raised in the guest, as the WIT carries them: a kind after
Python's exception classes, the type the error concerns, a message and a
trace (innermost first)."""

import traceback

__all__ = ["RemoteError", "from_exception", "KINDS"]

#: The WIT error kinds, by the exception class that raises them (the first
#: match in the class's MRO wins; anything else is `runtime`).
KINDS = [
    (AttributeError, "attribute"),
    (KeyError, "key"),
    (IndexError, "index"),
    (TypeError, "type"),
    (ValueError, "value"),
    (NotImplementedError, "unsupported"),
]


class RemoteError(Exception):
    """An error on its way to the host."""

    def __init__(self, kind, type_name, message, trace=None):
        super().__init__(message)
        self.kind = kind
        self.type_name = type_name
        self.message = message
        self.trace = list(trace or [])

    def __repr__(self):
        return f"RemoteError({self.kind!r}, {self.type_name!r}, {self.message!r})"


def kind_of(exc):
    """The WIT kind of exception ``exc``."""
    for cls, kind in KINDS:
        if isinstance(exc, cls):
            return kind
    return "runtime"


def from_exception(exc, obj=None):
    """A :class:`RemoteError` for ``exc``, raised while working on ``obj``:
    the message names the exception's class when the kind does not (a
    ``ZeroDivisionError`` is a runtime error "ZeroDivisionError: ..."), and
    the trace is its traceback, innermost first (``file:line in func``)."""
    if isinstance(exc, RemoteError):
        return exc
    kind = kind_of(exc)
    text = _text(exc)
    name = type(exc).__name__
    message = text if name in _PLAIN else f"{name}: {text}" if text else name
    frames = [f"{f.filename}:{f.lineno} in {f.name}"
              for f in traceback.extract_tb(exc.__traceback__)]
    # The resolver's own frames say nothing the path frames do not.
    frames = [f for f in frames if "/remoteobj_guest/" not in f]
    type_name = type(obj).__name__ if obj is not None else name
    return RemoteError(kind, type_name, message, list(reversed(frames)))


def _text(exc):
    """The exception's message (a ``KeyError``'s key as a repr); never
    fails."""
    try:
        if isinstance(exc, KeyError) and exc.args:
            from .resolve import _short

            return _short(exc.args[0])
        return str(exc)
    except Exception:  # noqa: BLE001 - the message is not worth another error
        return f"<{type(exc).__name__} with an unprintable message>"


# Exception classes whose kind says what they are: the message goes alone.
_PLAIN = {"AttributeError", "KeyError", "IndexError", "TypeError", "ValueError"}

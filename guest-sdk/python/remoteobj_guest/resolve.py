"""Resolving a request's path against the root object, link by link, with
Python's own semantics: ``getattr``, ``obj[key]``, calls with keyword
arguments, ``super(type(obj), obj)``, ``len``, ``in``. The whole chain is
one round trip, as in the Rust SDK.

Ops arrive already decoded, as tuples (the export glue turns the WIT
variants into these, so this module runs natively in tests):
``("getattr", name)``, ``("getitem", key)``, ``("call", args, kwargs)``,
``("setattr", name, value)``, ``("setitem", key, value)``,
``("delattr", name)``, ``("delitem", key)``, ``("len",)``,
``("contains", key)``, ``("super",)`` and
``("passto", function, args, kwargs)``.
"""

import difflib
import types

from .errors import RemoteError, from_exception
from . import passto as _passto

__all__ = ["MAX_PATH_LEN", "THIS", "resolve"]

#: The longest path resolved (the host refuses longer ones too).
MAX_PATH_LEN = 256

#: What a path resolves to when its last method returned the object it was
#: called on (``return self``): the host gets a proxy on it back.
THIS = object()

_MUTATING = {"setattr", "setitem", "delattr", "delitem"}


def resolve(root, ops):
    """What ``ops`` designate on ``root``: a value, or :data:`THIS`.

    Raises :class:`RemoteError` (kind, type name, message, trace innermost
    first: the Python traceback's frames, then one per path link).
    """
    if len(ops) > MAX_PATH_LEN:
        raise RemoteError("invalid-request", "path",
                          f"a path of {len(ops)} links is over the limit of {MAX_PATH_LEN}")
    cur = root
    # The object the last attribute was read from: a method's receiver.
    receiver = None
    this = False
    for i, op in enumerate(ops):
        kind = op[0]
        if kind in _MUTATING and i != len(ops) - 1:
            raise RemoteError("invalid-request", "path",
                              "an assignment or deletion must be the last link of a path")
        # A method call is one step for the trace: `SomeObject.inc()`,
        # about the object the method belongs to.
        method = kind == "call" and receiver is not None and i > 0 and ops[i - 1][0] == "getattr"
        about = receiver if method else cur
        # The frame is written only if the link fails (what it names is
        # read before the step changes it).
        before, last_receiver = cur, receiver
        try:
            cur, receiver, this = _step(cur, receiver, op)
        except RemoteError as e:
            e.trace.append(_link_frame(ops, i, before, last_receiver, method))
            raise
        except RecursionError:
            raise RemoteError("runtime", _type_name(about), "maximum recursion depth exceeded",
                              [_link_frame(ops, i, before, last_receiver, method)]) from None
        except Exception as e:  # noqa: BLE001 - every guest error goes back
            error = from_exception(e, _unsuper(about))
            error.trace.append(_link_frame(ops, i, before, last_receiver, method))
            raise error from None
    return THIS if this else cur


def _step(cur, receiver, op):
    kind = op[0]
    if kind == "getattr":
        return _getattr(cur, op[1]), cur, False
    if kind == "getitem":
        _supports(cur, "__getitem__", "is not subscriptable")
        return cur[op[1]], None, False
    if kind == "call":
        # A method returning its receiver (`return self`), or an object
        # called that returns itself: the walk goes on from it, and at the
        # end the host gets a proxy on it.
        target = _unsuper(receiver) if receiver is not None else cur
        if not callable(cur):
            raise RemoteError("not-callable", _type_name(cur),
                              f"{_type_name(cur)!r} object is not callable")
        result = cur(*op[1], **op[2])
        return result, None, _is_this(result, target)
    if kind == "setattr":
        if isinstance(cur, super):
            _setattr_through_super(cur, op[1], op[2])
        else:
            setattr(cur, op[1], op[2])
        return None, None, False
    if kind == "setitem":
        _supports(cur, "__setitem__", "does not support item assignment")
        cur[op[1]] = op[2]
        return None, None, False
    if kind == "delattr":
        delattr(cur, op[1])
        return None, None, False
    if kind == "delitem":
        _supports(cur, "__delitem__", "does not support item deletion")
        del cur[op[1]]
        return None, None, False
    if kind == "len":
        _supports(cur, "__len__", "has no len()")
        return len(cur), None, False
    if kind == "contains":
        if not any(hasattr(type(cur), m) for m in ("__contains__", "__iter__", "__getitem__")):
            raise RemoteError("unsupported", _type_name(cur),
                              f"{_type_name(cur)!r} does not support `in`")
        try:
            return op[1] in cur, None, False
        except TypeError:
            # A key of a type a built-in container cannot hold is simply
            # not in it (`"a" in b"ab"`, an unhashable key in a dict); the
            # guest's own `__contains__` says what it says.
            if isinstance(getattr(type(cur), "__contains__", None), types.FunctionType):
                raise
            return False, None, False
    if kind == "super":
        return _super(cur), None, False
    if kind == "passto":
        result = _passto.call(cur, op[1], op[2], op[3])
        return result, None, _is_this(result, cur)
    raise RemoteError("invalid-request", "path", f"unknown op {kind!r}")


#: Values, not objects: one of these that happens to be the receiver (an
#: unchanged ``str.strip()``, ``n + 0``, a small int CPython shares) is a
#: result, never ``return self``.
_VALUES = (type(None), bool, int, float, complex, str, bytes, tuple, frozenset)


def _is_this(result, target):
    """Whether a call's ``result`` is its receiver ``target`` (``return
    self``): the same object, and not a plain value."""
    return result is target and not isinstance(result, _VALUES)


def _supports(obj, method, what):
    """An operation ``obj``'s type does not have at all is ``unsupported``
    (Python says ``TypeError``; the Rust SDK and the WIT tell it apart)."""
    if not hasattr(type(obj), method):
        raise RemoteError("unsupported", _type_name(obj), f"{_type_name(obj)!r} object {what}")


def _getattr(obj, name):
    try:
        return getattr(obj, name)
    except AttributeError as e:
        # Python's `super()` reaches the bases' class attributes only; the
        # instance's own attributes are its bases' too (as with a Rust
        # guest's base fields, and as `super.name = v` sets them).
        if isinstance(obj, super) and name in getattr(obj.__self__, "__dict__", {}):
            return obj.__self__.__dict__[name]
        # Python's own message, and the nearest name (as Python 3.12+ does
        # in its tracebacks).
        names = [n for n in dir(obj) if not n.startswith("__")]
        best = difflib.get_close_matches(name, names, n=1)
        message = str(e)
        if best and "did you mean" not in message.lower():
            message += f"; did you mean {best[0]!r}?"
        raise RemoteError("attribute", _type_name(obj), message) from None


def _setattr_through_super(sup, name, value):
    """``super.name = value``, which Python itself refuses: the base's data
    descriptor of that name (a property's setter) runs on the instance, as
    the base class's own code would; with none, the instance's attribute is
    set (the base's attributes are the instance's)."""
    instance = sup.__self__
    mro = type(instance).__mro__
    for cls in mro[mro.index(sup.__thisclass__) + 1:]:
        if name in vars(cls):
            member = vars(cls)[name]
            if hasattr(type(member), "__set__"):
                member.__set__(instance, value)
                return
            break
    setattr(instance, name, value)


def _super(obj):
    """``super(type(obj), obj)``; on a ``super`` already, the next base
    in the instance's MRO (``super.super``)."""
    if isinstance(obj, super):
        instance = obj.__self__
        mro = type(instance).__mro__
        # The class whose base the lookups go to next.
        at = mro.index(obj.__thisclass__) + 1
    else:
        instance, mro, at = obj, type(obj).__mro__, 0
    # Lookups through it go to mro[at + 1]: there must be one, not `object`.
    if at + 1 >= len(mro) - 1:
        name = mro[at].__name__
        raise RemoteError("attribute", name, f"{name!r} has no base, so `super` has nothing to call")
    return super(mro[at], instance)


def _unsuper(obj):
    """The instance a ``super`` object stands for; anything else as is."""
    return obj.__self__ if isinstance(obj, super) else obj


def _type_name(obj):
    """The type lookups on ``obj`` go to: for ``super``, the next base."""
    if isinstance(obj, super):
        mro = type(obj.__self__).__mro__
        return mro[mro.index(obj.__thisclass__) + 1].__name__
    return type(obj).__name__


def _link_frame(ops, i, cur, receiver, method):
    """The trace frame of link ``i``, run on ``cur`` (``receiver``: the
    object the previous attribute was read from)."""
    if method:
        return f"{_type_name(receiver)}.{ops[i - 1][1]}()"
    return _frame(cur, ops[i], ops[i + 1] if i + 1 < len(ops) else None)


def _frame(cur, op, nxt):
    ty = _type_name(cur)
    kind = op[0]
    if kind == "getattr":
        return f"{ty}.{op[1]}()" if nxt is not None and nxt[0] == "call" else f"{ty}.{op[1]}"
    if kind == "getitem":
        return f"{ty}[{_short(op[1])}]"
    if kind == "call":
        return f"{ty}()"
    if kind == "setattr":
        return f"{ty}.{op[1]} = …"
    if kind == "setitem":
        return f"{ty}[{_short(op[1])}] = …"
    if kind == "delattr":
        return f"del {ty}.{op[1]}"
    if kind == "delitem":
        return f"del {ty}[{_short(op[1])}]"
    if kind == "len":
        return f"len({ty})"
    if kind == "contains":
        return f"… in {ty}"
    if kind == "super":
        return f"super({ty})"
    return f"{op[1]}({ty})"


def _short(value):
    """``repr(value)``, cut at 60 characters; never fails (a huge int's, or
    a guest's own ``__repr__``, may)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"<an int of {value.bit_length()} bits>"
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a frame's text is not worth an error
        return f"<{type(value).__name__}>"
    return text if len(text) <= 60 else text[:60] + "…"

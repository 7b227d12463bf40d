"""The component glue: the WIT `object` export for one Python object.

A guest module reads like Python remoteobj's README, a plain class and one
line::

    from remoteobj_guest import export

    class SomeObject:
        ...

    export(SomeObject())

``export`` defines the ``Object`` class componentize-py looks for in the
module that calls it. componentize-py runs the module when it builds the
component, so the object is created then and its state is in the
component: every worker starts from it.
"""

import enum
import sys
import types as types_module

from . import cbor
from ._bindings import Err, Ok, exports, host, types
from .describe import SCHEMA_VERSION, schema
from .errors import RemoteError, from_exception
from .resolve import THIS, resolve

__all__ = ["export_class", "serve"]


def export_class(obj, run=None):
    """The export class serving ``obj``; ``run(obj)`` is its own loop, if
    it has one (an active object)."""
    from .active import _served

    if exports is None:
        raise RuntimeError("export() serves an object from a component: "
                           "build the module with componentize-py")
    _served[:] = [obj]

    class Object(exports.Object):
        def invoke(self, path):
            # Any exception leaving an export would trap the component (and
            # lose the object): every one goes back as an error instead.
            try:
                return _outcome(obj, path)
            except BaseException as e:  # noqa: BLE001 - see above
                raise Err(wit_error(from_exception(e, obj), types)) from None

        def describe(self):
            try:
                return schema(obj, active=run is not None, types=types)
            except BaseException:  # noqa: BLE001 - an exception here would trap
                return types.Schema(version=SCHEMA_VERSION, type_name=type(obj).__name__,
                                    doc="", attributes=[], methods=[], bases=[],
                                    active=run is not None, types=[], classes=[])

        def run(self):
            if run is None:
                return None
            try:
                return Ok(_encode(run(obj)))
            except RemoteError as e:
                return Err(wit_error(e, types))
            except BaseException as e:  # noqa: BLE001 - the loop's error goes to join
                error = from_exception(e, obj)
                error.trace.append(f"{getattr(run, '__name__', 'loop')}({type(obj).__name__})")
                return Err(wit_error(error, types))

    return Object


def _outcome(obj, path):
    """The WIT outcome of resolving ``path`` on ``obj``."""
    result = resolve(obj, [_op(op, types) for op in path])
    if result is THIS:
        return types.Outcome_This()
    return types.Outcome_Value(_encode(result))


def serve(obj, request):
    """Answers one request a loop took with ``next-request``."""
    try:
        answer = Ok(_outcome(obj, request.path))
    except BaseException as e:  # noqa: BLE001 - every failure is an answer
        answer = Err(wit_error(from_exception(e, obj), types))
    host.respond(request.id, answer)


def _encode(value):
    try:
        return cbor.dumps(value, default=fields)
    except RecursionError:
        raise RemoteError("type", type(value).__name__,
                          "cannot send it: too deeply nested") from None
    except (TypeError, ValueError, OverflowError) as e:
        raise RemoteError("type", type(value).__name__, str(e)) from None


def fields(value):
    """An instance of a class of the guest's as a value: its public
    attributes (a map), as a Rust guest's object is its fields; anything
    else CBOR cannot carry is a ``TypeError`` naming its type."""
    if isinstance(value, (set, frozenset)):
        return list(value)
    if not isinstance(value, (type, types_module.FunctionType, types_module.MethodType,
                              types_module.BuiltinFunctionType, types_module.ModuleType,
                              enum.Enum, BaseException)) \
            and not _from_stdlib(type(value)):
        attrs = _public_attributes(value)
        if attrs is not None:
            return attrs
    raise TypeError(f"cannot send a value of type {type(value).__name__!r}: "
                    "CBOR carries None, bool, int, float, str, bytes, list, tuple, dict "
                    "and the public attributes of instances of the guest's classes")


def _from_stdlib(cls):
    """Whether ``cls`` is the standard library's (``Fraction``, ``Path``,
    ``datetime``): its instances are not the guest's objects, and their
    attributes are no faithful picture of them."""
    module = (getattr(cls, "__module__", None) or "builtins").split(".")[0]
    return module in sys.stdlib_module_names or module.startswith("_")


def _public_attributes(value):
    """The public attributes of an instance, from its ``__dict__`` and its
    classes' ``__slots__``; ``None`` when it has neither."""
    try:
        attrs = dict(vars(value))
    except TypeError:
        attrs = None
    for cls in type(value).__mro__:
        slots = vars(cls).get("__slots__", ())
        for name in (slots,) if isinstance(slots, str) else slots:
            if name in ("__dict__", "__weakref__"):
                continue
            try:
                attrs = attrs if attrs is not None else {}
                attrs.setdefault(name, object.__getattribute__(value, name))
            except AttributeError:
                pass  # a slot never set
    if attrs is None:
        return None
    return {k: v for k, v in attrs.items() if not k.startswith("_")}


def _decode(raw, what):
    try:
        return cbor.loads(raw)
    except cbor.CBORError as e:
        raise RemoteError("invalid-request", what, f"cannot decode the {what}: {e}") from None


def _op(op, types):
    """A WIT op as the resolver's tuple, its values decoded."""
    if isinstance(op, types.Op_Getattr):
        return ("getattr", op.value)
    if isinstance(op, types.Op_Getitem):
        return ("getitem", _decode(op.value, "key"))
    if isinstance(op, types.Op_Call):
        return ("call", *_args(op.value))
    if isinstance(op, types.Op_Setattr):
        return ("setattr", op.value.name, _decode(op.value.value, "value"))
    if isinstance(op, types.Op_Setitem):
        return ("setitem", _decode(op.value.key, "key"), _decode(op.value.value, "value"))
    if isinstance(op, types.Op_Delattr):
        return ("delattr", op.value)
    if isinstance(op, types.Op_Delitem):
        return ("delitem", _decode(op.value, "key"))
    if isinstance(op, types.Op_Len):
        return ("len",)
    if isinstance(op, types.Op_Contains):
        return ("contains", _decode(op.value, "key"))
    if isinstance(op, types.Op_Super):
        return ("super",)
    if isinstance(op, types.Op_Passto):
        return ("passto", op.value.function, *_args(op.value.args))
    raise RemoteError("invalid-request", "path", f"unknown op {type(op).__name__}")


def _args(call_args):
    positional = [_decode(v, "argument") for v in call_args.positional]
    named = {a.name: _decode(a.value, "argument") for a in call_args.named}
    return positional, named


_KINDS = {
    "attribute": "ATTRIBUTE", "key": "KEY", "index": "INDEX", "type": "TYPE",
    "value": "VALUE", "not-callable": "NOT_CALLABLE", "unsupported": "UNSUPPORTED",
    "runtime": "RUNTIME", "invalid-request": "INVALID_REQUEST",
}


def wit_error(e, types):
    """A :class:`RemoteError` as the WIT's ``error`` record."""
    return types.Error(
        kind=getattr(types.ErrorKind, _KINDS.get(e.kind, "RUNTIME")),
        type_name=e.type_name,
        message=e.message,
        trace=[str(f) for f in e.trace],
    )

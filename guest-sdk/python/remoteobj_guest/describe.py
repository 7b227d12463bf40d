"""``describe``: an object's schema from ``inspect``: its attributes (the
instance's and the class's properties), its methods with their parameters,
defaults, annotations and docstrings, and its bases from the MRO. Types are
structured in a table from the annotations (``int``, ``list[str]``,
``Optional[float]``, ...) and from the values of instance attributes; an
attribute holding an object of a class of its own is an ``object`` of that
class, described from the instance."""

import enum
import inspect
import types as types_module
import typing

__all__ = ["schema", "SCHEMA_VERSION"]

#: The schema format this SDK writes (2: types are structured).
SCHEMA_VERSION = 2

# Deeper annotations than this are "any" (a hostile or absurd annotation
# must not exhaust the stack while describing).
_MAX_DEPTH = 32

_SCALARS = {
    bool: ("TypeDesc_Bool", None),
    int: ("TypeDesc_Signed", 64),
    float: ("TypeDesc_Float", 64),
    str: ("TypeDesc_Text", None),
    bytes: ("TypeDesc_Bytes", None),
    bytearray: ("TypeDesc_Bytes", None),
    type(None): ("TypeDesc_Unit", None),
}

_SCALAR_NAMES = {cls.__name__: cls for cls in _SCALARS} | {"None": type(None)}


def schema(obj, active, types):
    """The WIT schema of ``obj``'s type. Never fails: a member ``inspect``
    cannot read is listed with what could be read (a component whose
    ``describe`` raised would trap)."""
    table = _Table(types, type(obj))
    cls = type(obj)
    attributes, methods, bases, doc = _class(obj, table)
    return types.Schema(version=SCHEMA_VERSION, type_name=cls.__name__, doc=doc,
                        attributes=attributes, methods=methods, bases=bases, active=active,
                        types=table.types, classes=table.classes)


class _Table:
    """The type table being built: each type once, parts before wholes."""

    def __init__(self, types, root):
        self.wit, self.root = types, root
        self.types, self.classes = [], []
        # classes[i] describes the class keys[i]: two classes of one name
        # are two entries, the second named apart (a class of the root's
        # name is the root's).
        self.keys = []

    def add(self, name, value=None):
        desc = getattr(self.wit, name)() if value is None else getattr(self.wit, name)(value=value)
        for at, known in enumerate(self.types):
            if type(known) is type(desc) and known == desc:
                return at
        self.types.append(desc)
        return len(self.types) - 1

    def any(self):
        return self.add("TypeDesc_Any")

    def object(self, value):
        """The ``object`` type of ``value``'s class, described from it the
        first time the class is met."""
        cls = type(value)
        for at, known in enumerate(self.keys):
            if known is cls:
                return self.add("TypeDesc_Object", at)
        name, n = cls.__name__, 2
        while any(c.type_name == name for c in self.classes) or \
                (name == self.root.__name__ and cls is not self.root):
            name, n = f"{cls.__name__}{n}", n + 1
        at = len(self.classes)
        self.keys.append(cls)
        self.classes.append(self.wit.ClassInfo(type_name=name, doc="", attributes=[],
                                               methods=[], bases=[]))
        attributes, methods, bases, doc = _class(value, self)
        self.classes[at] = self.wit.ClassInfo(type_name=name, doc=doc,
                                              attributes=attributes, methods=methods,
                                              bases=bases)
        return self.add("TypeDesc_Object", at)

    def of_value(self, value):
        """The type of an instance attribute, from its value."""
        if value is None:
            # Most often "not set yet": it may hold anything later.
            return self.add("TypeDesc_Option", self.any())
        if type(value) in _SCALARS:
            return self.add(*_SCALARS[type(value)])
        if isinstance(value, list):
            return self.add("TypeDesc_List", self.any())
        if isinstance(value, dict):
            return self.add("TypeDesc_Dict", (self.any(), self.any()))
        if isinstance(value, tuple):
            return self.add("TypeDesc_List", self.any())
        if _is_object(value):
            return self.object(value)
        return self.add("TypeDesc_Named", type(value).__name__)

    def of_annotation(self, annotation, cls=None, depth=0):
        """The type an annotation names; ``cls`` (or ``Self``) is "the
        object itself" in a method of class ``cls`` (``None``: not a
        method's, or a class or static method's)."""
        if depth > _MAX_DEPTH or annotation is inspect.Signature.empty \
                or annotation is typing.Any:
            return self.any()
        if annotation is None or annotation is type(None):
            return self.add("TypeDesc_Unit")
        if isinstance(annotation, str):
            scalar = _SCALAR_NAMES.get(annotation)
            if scalar is not None:
                return self.of_annotation(scalar, cls, depth + 1)
            if cls is not None and annotation in (cls.__name__, "Self", "typing.Self"):
                return self.add("TypeDesc_This")
            return self.add("TypeDesc_Named", annotation)
        if annotation in _SCALARS:
            return self.add(*_SCALARS[annotation])
        if cls is not None and (annotation is cls or annotation is getattr(typing, "Self", None)):
            # The method's own class: read as returning ``self`` (the SDK
            # answers "the object itself" only for the very object).
            return self.add("TypeDesc_This")
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        part = lambda a: self.of_annotation(a, None, depth + 1)  # noqa: E731
        if origin in (list, set, frozenset) or _is_abc(origin, "Sequence", "Set", "Iterable"):
            return self.add("TypeDesc_List", part(args[0]) if args else self.any())
        if origin is tuple:
            if len(args) == 2 and args[1] is Ellipsis:
                return self.add("TypeDesc_List", part(args[0]))
            if not args:
                return self.add("TypeDesc_List", self.any())
            return self.add("TypeDesc_Tuple", [part(a) for a in args])
        if origin is dict or _is_abc(origin, "Mapping", "MutableMapping"):
            key, value = (part(args[0]), part(args[1])) if len(args) == 2 \
                else (self.any(), self.any())
            return self.add("TypeDesc_Dict", (key, value))
        if origin is typing.Union or origin is types_module.UnionType:
            others = [a for a in args if a is not type(None)]
            if len(others) == 1 and len(others) < len(args):
                return self.add("TypeDesc_Option", part(others[0]))
            return self.any()
        if origin is not None:
            return self.any()
        if isinstance(annotation, type):
            return self.add("TypeDesc_Named", annotation.__name__)
        return self.any()


def _is_abc(origin, *names):
    return origin is not None and getattr(origin, "__module__", "") == "collections.abc" \
        and getattr(origin, "__name__", "") in names


def _is_object(value):
    """An instance of a class of the guest's own (navigable in place): not
    a class, an enum member, or an instance of a subclass of a value type."""
    cls = type(value)
    return getattr(cls, "__module__", "builtins") != "builtins" and hasattr(value, "__dict__") \
        and not isinstance(value, (type, enum.Enum, int, float, complex, str, bytes, bytearray,
                                   tuple, frozenset))


def _in_place(value):
    """Whether paths go into an attribute of this value in place (a list, a
    dict, a set, an object) rather than into a copy."""
    return isinstance(value, (list, dict, set)) or _is_object(value)


def _class(obj, table):
    """``obj``'s class as (attributes, methods, bases, doc), its types in
    ``table``."""
    types = table.wit
    cls = type(obj)
    attributes, methods = [], []
    seen = set()
    try:
        own = sorted(vars(obj).items())
    except TypeError:  # no __dict__
        own = []
    for name, value in own:
        if name.startswith("_"):
            continue
        seen.add(name)
        attributes.append(types.AttributeInfo(name=name, type=type(value).__name__,
                                              type_index=_safe(table, table.of_value, value),
                                              in_place=_safe(False, _in_place, value), read_only=False,
                                              doc=""))
    for name in sorted(dir(cls)):
        if name.startswith("_") or name in seen:
            continue
        try:
            member = inspect.getattr_static(cls, name)
        except AttributeError:
            continue
        if isinstance(member, property):
            spelling, index = _returns(member.fget, table)
            attributes.append(types.AttributeInfo(
                name=name, type=spelling, type_index=index, in_place=False,
                read_only=member.fset is None, doc=_doc(member)))
        elif isinstance(member, (classmethod, staticmethod)) or \
                (callable(member) and not isinstance(member, type)):
            # `Self` in a class or static method is a new instance, not
            # the object itself.
            this = None if isinstance(member, (classmethod, staticmethod)) else cls
            methods.append(_method(name, _bound(obj, name, member), table, this))
        elif isinstance(member, types_module.MemberDescriptorType) or \
                not hasattr(type(member), "__get__"):
            # A slot, or a plain class attribute (an instance's default).
            try:
                value = getattr(obj, name)
            except Exception:  # noqa: BLE001 - an unset slot
                continue
            attributes.append(types.AttributeInfo(name=name, type=type(value).__name__,
                                                  type_index=_safe(table, table.of_value, value),
                                                  in_place=_safe(False, _in_place, value), read_only=False,
                                                  doc=""))
    bases = [c.__name__ for c in cls.__mro__[1:] if c is not object]
    return attributes, methods, bases, _doc(cls)


def _safe(table, describe, thing, *args):
    """``describe(thing, *args)``, or "any" (``table`` ``False``: false) when
    describing it fails."""
    try:
        return describe(thing, *args)
    except Exception:  # noqa: BLE001 - an odd annotation or value: anything, then
        return False if table is False else table.any()


def _bound(obj, name, member):
    try:
        return getattr(obj, name)
    except Exception:  # noqa: BLE001 - the static member will do
        return member


def _doc(thing):
    try:
        return inspect.getdoc(thing) or ""
    except Exception:  # noqa: BLE001 - no docstring, then
        return ""


def _signature(func):
    """``func``'s signature, string annotations evaluated when they can be."""
    try:
        return inspect.signature(func, eval_str=True)
    except Exception:  # noqa: BLE001 - an annotation that fails to evaluate
        return inspect.signature(func)


def _returns(func, table, cls=None):
    if func is None:
        return "", table.any()
    try:
        annotation = _signature(func).return_annotation
    except Exception:  # noqa: BLE001 - no signature (a C getter), or an annotation that fails
        return "Any", table.any()
    return _annotation(annotation), _safe(table, table.of_annotation, annotation, cls)


def _method(name, func, table, cls):
    types = table.wit
    params, returns, returns_index = [], "", table.any()
    try:
        sig = _signature(func)
    except Exception:  # noqa: BLE001 - a C method, or an annotation that fails to evaluate
        sig = None
    if sig is not None:
        returns = _annotation(sig.return_annotation)
        returns_index = _safe(table, table.of_annotation, sig.return_annotation, cls)
        for p in sig.parameters.values():
            if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                continue
            has_default = p.default is not p.empty
            params.append(types.ParamInfo(
                name=p.name, type=_annotation(p.annotation),
                type_index=_safe(table, table.of_annotation, p.annotation),
                optional=has_default, keyword_only=p.kind == p.KEYWORD_ONLY,
                default=_repr(p.default) if has_default else None))
    return types.MethodInfo(name=name, params=params, returns=returns,
                            returns_index=returns_index, doc=_doc(func))


def _annotation(annotation):
    if annotation is inspect.Signature.empty:
        # Unannotated: anything (typing's spelling of it).
        return "Any"
    if isinstance(annotation, type):
        return annotation.__name__
    return str(annotation)


def _repr(value):
    try:
        return repr(value)
    except Exception:  # noqa: BLE001 - a default that cannot say what it is
        return f"<{type(value).__name__}>"

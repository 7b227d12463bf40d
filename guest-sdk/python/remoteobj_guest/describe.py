"""``describe``: an object's schema from ``inspect``: its attributes (the
instance's and the class's properties), its methods with their parameters,
defaults, annotations and docstrings, and its bases from the MRO."""

import inspect
import types as types_module

__all__ = ["schema"]


def schema(obj, active, types):
    """The WIT schema of ``obj``'s type. Never fails: a member ``inspect``
    cannot read is listed with what could be read (a component whose
    ``describe`` raised would trap)."""
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
                                              read_only=False, doc=""))
    for name in sorted(dir(cls)):
        if name.startswith("_") or name in seen:
            continue
        try:
            member = inspect.getattr_static(cls, name)
        except AttributeError:
            continue
        if isinstance(member, property):
            attributes.append(types.AttributeInfo(
                name=name, type=_returns(member.fget), read_only=member.fset is None,
                doc=_doc(member)))
        elif isinstance(member, (classmethod, staticmethod)) or \
                (callable(member) and not isinstance(member, type)):
            methods.append(_method(name, _bound(obj, name, member), types))
        elif isinstance(member, types_module.MemberDescriptorType) or \
                not hasattr(type(member), "__get__"):
            # A slot, or a plain class attribute (an instance's default).
            try:
                value = getattr(obj, name)
            except Exception:  # noqa: BLE001 - an unset slot
                continue
            attributes.append(types.AttributeInfo(name=name, type=type(value).__name__,
                                                  read_only=False, doc=""))
    bases = [c.__name__ for c in cls.__mro__[1:] if c is not object]
    return types.Schema(type_name=cls.__name__, doc=_doc(cls),
                        attributes=attributes, methods=methods, bases=bases, active=active)


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


def _returns(func):
    if func is None:
        return ""
    try:
        return _annotation(inspect.signature(func).return_annotation)
    except Exception:  # noqa: BLE001 - no signature (a C getter), or an annotation that fails
        return "Any"


def _method(name, func, types):
    params, returns = [], ""
    try:
        sig = inspect.signature(func)
    except Exception:  # noqa: BLE001 - a C method, or an annotation that fails to evaluate
        sig = None
    if sig is not None:
        returns = _annotation(sig.return_annotation)
        for p in sig.parameters.values():
            if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                continue
            has_default = p.default is not p.empty
            params.append(types.ParamInfo(
                name=p.name, type=_annotation(p.annotation), optional=has_default,
                default=_repr(p.default) if has_default else None))
    return types.MethodInfo(name=name, params=params, returns=returns, doc=_doc(func))


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

"""``describe``: an object's schema from ``inspect``: its attributes (the
instance's and the class's properties), its methods with their parameters,
defaults, annotations and docstrings, and its bases from the MRO."""

import inspect

__all__ = ["schema"]


def schema(obj, active, types):
    """The WIT schema of ``obj``'s type."""
    cls = type(obj)
    attributes, methods = [], []
    seen = set()
    for name, value in sorted(vars(obj).items()) if hasattr(obj, "__dict__") else []:
        if name.startswith("_"):
            continue
        seen.add(name)
        attributes.append(types.AttributeInfo(name=name, type=type(value).__name__,
                                              read_only=False, doc=""))
    for name in sorted(dir(cls)):
        if name.startswith("_") or name in seen:
            continue
        member = inspect.getattr_static(cls, name)
        if isinstance(member, property):
            attributes.append(types.AttributeInfo(
                name=name, type=_annotation(inspect.signature(member.fget).return_annotation)
                if member.fget else "", read_only=member.fset is None,
                doc=inspect.getdoc(member) or ""))
        elif callable(member) and not isinstance(member, type):
            methods.append(_method(name, getattr(obj, name, member), types))
    bases = [c.__name__ for c in cls.__mro__[1:] if c is not object]
    return types.Schema(type_name=cls.__name__, doc=inspect.getdoc(cls) or "",
                        attributes=attributes, methods=methods, bases=bases, active=active)


def _method(name, func, types):
    params, returns = [], ""
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):
        sig = None
    if sig is not None:
        returns = _annotation(sig.return_annotation)
        for p in sig.parameters.values():
            if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                continue
            has_default = p.default is not p.empty
            params.append(types.ParamInfo(
                name=p.name, type=_annotation(p.annotation), optional=has_default,
                default=repr(p.default) if has_default else None))
    return types.MethodInfo(name=name, params=params, returns=returns,
                            doc=inspect.getdoc(func) or "")


def _annotation(annotation):
    if annotation is inspect.Signature.empty:
        # Unannotated: anything (typing's spelling of it).
        return "Any"
    if isinstance(annotation, type):
        return annotation.__name__
    return str(annotation)

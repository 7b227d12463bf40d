"""The bindings componentize-py generates for the WIT world, imported once
here, at module level: a component has no files to import from at run
time, only the modules its build (which runs the guest module) imported.
Natively (the SDK's own tests) there are none, and these are ``None``."""

try:
    from componentize_py_types import Err, Ok
    from wit_world import exports
    from wit_world.imports import host, types
except ImportError:  # natively: no bindings
    Err = Ok = exports = host = types = None

"""remoteobj guest SDK for Python: any Python object served as a remote
object, with Python's own semantics (the WIT world `remote-object`).

Work in progress: the resolver, the CBOR codec, errors and ``passto`` run
natively and are tested; the component glue (``export``), ``describe`` and
the active-object calls come next.
"""

from .errors import RemoteError
from .passto import remote_function
from .resolve import THIS, resolve

__all__ = ["RemoteError", "THIS", "remote_function", "resolve"]

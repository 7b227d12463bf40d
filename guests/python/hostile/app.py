"""A Python guest that misbehaves on request, one method per misdeed, as
the Rust hostile guest does: the sandbox must hold against both."""

import os
import sys

# Imported now, at build time: a component has no files to import from later.
try:
    import encodings.idna  # noqa: F401 - socket's host names need it
    import socket
except ImportError:  # the interpreter was built without it
    socket = None

from remoteobj_guest import export


class Hostile:
    """Tries what a hostile plugin would."""

    def __init__(self):
        self.count = 0

    def inc(self):
        """Counts: the object lives on after each misdeed."""
        self.count += 1
        return self.count

    def read_file(self, path):
        with open(path) as f:
            return f.read()

    def write_file(self, path, text):
        with open(path, "w") as f:
            f.write(text)

    def list_dir(self, path):
        return sorted(os.listdir(path))

    def env(self):
        return sorted(os.environ.items())

    def var(self, name):
        return os.environ.get(name)

    def args(self):
        return sys.argv[1:]

    def connect(self, addr):
        host, _, port = addr.rpartition(":")
        try:
            if socket is None:
                raise OSError("no socket module")
            with socket.create_connection((host, int(port)), timeout=1):
                return f"connected to {addr}"
        except Exception as e:  # noqa: BLE001 - any failure is the point
            raise RuntimeError(f"cannot connect to {addr!r}: {e}") from None

    def lookup(self, host):
        try:
            if socket is None:
                raise OSError("no socket module")
            return sorted({info[4][0] for info in socket.getaddrinfo(host, 80)})
        except Exception as e:  # noqa: BLE001 - any failure is the point
            raise RuntimeError(f"cannot look up {host!r}: {e}") from None

    def spin(self):
        """Never returns, never yields."""
        n = 0
        while True:
            n += 1

    def hog(self, mib):
        """Keeps `mib` MiB."""
        self.kept = bytearray(mib * 1024 * 1024)
        return len(self.kept) // (1024 * 1024)

    def shout(self, mib):
        """Prints `mib` MiB of lines."""
        line = "x" * 1023
        for _ in range(mib * 1024):
            print(line)
        return mib


export(Hostile())

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

MIB = 1024 * 1024


class Hostile:
    """Tries what a hostile plugin would."""

    def __init__(self):
        self.x = 0
        self._held = []

    def inc(self):
        """Adds one to x and returns it: the object lives on after each
        misdeed."""
        self.x += 1
        return self.x

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
        """Allocates `mib` MiB chunks and keeps them, for ever: it stops only
        when the memory cannot grow any more. Never returns."""
        while True:
            self._held.append(bytearray(max(mib, 1) * MIB))

    def allocate(self, mib):
        """Allocates `mib` MiB once, keeps it, and returns the MiB held in
        all."""
        self._held.append(bytearray(mib * MIB))
        return sum(len(b) for b in self._held) // MIB

    def huge(self):
        """Asks for a list larger than a 32-bit address space: CPython
        raises MemoryError without touching the memory."""
        return len([0] * (1 << 30))

    def shout(self, mib):
        """Prints `mib` MiB to stdout, as lines of 1023 `x` and a newline,
        and returns the bytes printed."""
        line = "x" * 1023
        for _ in range(mib * 1024):
            print(line)
        sys.stdout.flush()
        return mib * MIB


export(Hostile())

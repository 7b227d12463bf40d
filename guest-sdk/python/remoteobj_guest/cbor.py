"""The CBOR data model (RFC 8949) for values crossing the sandbox wall.

A small codec of its own, because the guest runs inside a component: it
has no compiled extensions (cbor2 6's is one), and it must never hang or
overflow its stack on a hostile value.

Python -> CBOR: ``None``, ``bool``, ``int`` (any size: bignums past 64 bits),
``float``, ``str``, ``bytes``/``bytearray``/``memoryview``, ``list``/``tuple``
(arrays) and ``dict`` (maps). Anything else is a ``TypeError`` naming its
type. CBOR -> Python: the same, with map keys that are arrays turned into
tuples (so they hash), ``undefined`` as ``None``, and other tags as
:class:`Tag`. Values nest at most :data:`MAX_DEPTH` levels either way, as
on the host.
"""

import math
import struct

__all__ = ["MAX_DEPTH", "Tag", "CBORError", "dumps", "loads"]

#: The deepest nesting encoded or decoded (the host's limit too).
MAX_DEPTH = 256


class CBORError(ValueError):
    """Bytes that are not one well-formed CBOR value, or nested too deep."""


class Tag:
    """A tagged value other than a bignum: ``Tag(1, 1700000000)``."""

    __slots__ = ("tag", "value")

    def __init__(self, tag, value):
        self.tag = tag
        self.value = value

    def __eq__(self, other):
        return isinstance(other, Tag) and (self.tag, self.value) == (other.tag, other.value)

    def __hash__(self):
        return hash((self.tag, _hashable(self.value)))

    def __repr__(self):
        return f"Tag({self.tag!r}, {self.value!r})"


def dumps(value, default=None):
    """``value`` as CBOR bytes. ``default(v)``, when given, stands in for a
    value CBOR cannot carry (or raises ``TypeError``)."""
    out = bytearray()
    _encode(value, out, 0, default)
    return bytes(out)


def _head(major, n, out):
    if n < 24:
        out.append(major << 5 | n)
    elif n < 0x100:
        out.append(major << 5 | 24)
        out.append(n)
    elif n < 0x10000:
        out.append(major << 5 | 25)
        out += n.to_bytes(2, "big")
    elif n < 0x100000000:
        out.append(major << 5 | 26)
        out += n.to_bytes(4, "big")
    else:
        out.append(major << 5 | 27)
        out += n.to_bytes(8, "big")


def _encode(value, out, depth, default=None):
    if value is None:
        out.append(0xF6)
    elif value is True:
        out.append(0xF5)
    elif value is False:
        out.append(0xF4)
    elif isinstance(value, int):
        if 0 <= value < 1 << 64:
            _head(0, value, out)
        elif -(1 << 64) <= value < 0:
            _head(1, -1 - value, out)
        else:
            # A bignum: tag 2 (or 3 for -1 - n) over its bytes.
            tag, n = (2, value) if value >= 0 else (3, -1 - value)
            _head(6, tag, out)
            raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
            _head(2, len(raw), out)
            out += raw
    elif isinstance(value, float):
        out.append(0xFB)
        out += struct.pack(">d", value)
    elif isinstance(value, str):
        try:
            raw = value.encode("utf-8")
        except UnicodeEncodeError as e:
            # A lone surrogate (`os.listdir` makes them of undecodable
            # names): CBOR text is UTF-8, so it cannot be sent as text.
            raise TypeError(f"cannot send a str with a lone surrogate "
                            f"({value[e.start]!r} at {e.start}): CBOR text is UTF-8") from None
        _head(3, len(raw), out)
        out += raw
    elif isinstance(value, (bytes, bytearray, memoryview)):
        raw = bytes(value)
        _head(2, len(raw), out)
        out += raw
    elif isinstance(value, (list, tuple)):
        _deeper(depth)
        _head(4, len(value), out)
        for item in value:
            _encode(item, out, depth + 1, default)
    elif isinstance(value, dict):
        _deeper(depth)
        _head(5, len(value), out)
        for k, v in value.items():
            _encode(k, out, depth + 1, default)
            _encode(v, out, depth + 1, default)
    elif isinstance(value, Tag):
        _deeper(depth)
        _head(6, value.tag, out)
        _encode(value.value, out, depth + 1, default)
    elif default is not None:
        # Its stand-in, at the same level (a map of an object's attributes
        # counts once, as a Rust guest's struct does); a stand-in that is
        # not a plain value is refused, so a chain of them cannot recurse.
        stand_in = default(value)
        if not isinstance(stand_in, (type(None), bool, int, float, str, bytes, bytearray,
                                     memoryview, list, tuple, dict, Tag)):
            raise TypeError(f"the stand-in for a {type(value).__name__!r} is a "
                            f"{type(stand_in).__name__!r}, which CBOR cannot carry either")
        _encode(stand_in, out, depth, default)
    else:
        raise TypeError(f"cannot send a value of type {type(value).__name__!r}: "
                        "CBOR carries None, bool, int, float, str, bytes, list, tuple and dict")


def _deeper(depth):
    if depth >= MAX_DEPTH:
        raise TypeError(f"cannot send a value nested more than {MAX_DEPTH} levels deep")


def loads(data):
    """The one CBOR value in ``data``."""
    data = bytes(data)
    reader = _Reader(data)
    value = reader.value(0)
    if reader.pos != len(data):
        raise CBORError(f"{len(data) - reader.pos} bytes after the value")
    return value


_BREAK = object()


class _Reader:
    def __init__(self, data):
        self.data = data
        self.pos = 0

    def take(self, n):
        end = self.pos + n
        if end > len(self.data):
            raise CBORError("the value ends early")
        chunk = self.data[self.pos:end]
        self.pos = end
        return chunk

    def argument(self, info):
        if info < 24:
            return info
        if info == 24:
            return self.take(1)[0]
        if info == 25:
            return int.from_bytes(self.take(2), "big")
        if info == 26:
            return int.from_bytes(self.take(4), "big")
        if info == 27:
            return int.from_bytes(self.take(8), "big")
        raise CBORError(f"reserved additional information {info}")

    def value(self, depth, allow_break=False):
        initial = self.take(1)[0]
        major, info = initial >> 5, initial & 0x1F
        if initial == 0xFF:
            if allow_break:
                return _BREAK
            raise CBORError("a break outside an indefinite-length item")
        if major == 0:
            return self.argument(info)
        if major == 1:
            return -1 - self.argument(info)
        if major in (2, 3):
            if info == 31:
                raw = self.chunks(major, depth)
            else:
                raw = self.take(self.argument(info))
            if major == 2:
                return raw
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError as e:
                raise CBORError(f"a text string that is not UTF-8: {e}") from None
        if major == 4:
            self.deeper(depth)
            items = []
            if info == 31:
                while (item := self.value(depth + 1, True)) is not _BREAK:
                    items.append(item)
            else:
                for _ in range(self.count(info)):
                    items.append(self.value(depth + 1))
            return items
        if major == 5:
            self.deeper(depth)
            entries = {}
            if info == 31:
                while (key := self.value(depth + 1, True)) is not _BREAK:
                    entries[_hashable(key)] = self.value(depth + 1)
            else:
                for _ in range(self.count(info)):
                    key = self.value(depth + 1)
                    entries[_hashable(key)] = self.value(depth + 1)
            return entries
        if major == 6:
            self.deeper(depth)
            tag = self.argument(info)
            inner = self.value(depth + 1)
            if tag in (2, 3) and isinstance(inner, bytes):
                n = int.from_bytes(inner, "big")
                return n if tag == 2 else -1 - n
            return Tag(tag, inner)
        # Major 7: simple values and floats.
        if info == 20:
            return False
        if info == 21:
            return True
        if info in (22, 23):
            return None
        if info == 25:
            return _half(self.take(2))
        if info == 26:
            return struct.unpack(">f", self.take(4))[0]
        if info == 27:
            return struct.unpack(">d", self.take(8))[0]
        raise CBORError(f"an unsupported simple value ({info})")

    def count(self, info):
        n = self.argument(info)
        # Each item takes a byte at least: a count past what is left is a lie.
        if n > len(self.data) - self.pos:
            raise CBORError(f"a count of {n} items with {len(self.data) - self.pos} bytes left")
        return n

    def chunks(self, major, depth):
        raw = bytearray()
        while True:
            initial = self.take(1)[0]
            if initial == 0xFF:
                return bytes(raw)
            if initial >> 5 != major or initial & 0x1F == 31:
                raise CBORError("a bad chunk in an indefinite-length string")
            raw += self.take(self.argument(initial & 0x1F))

    @staticmethod
    def deeper(depth):
        if depth >= MAX_DEPTH:
            raise CBORError(f"a value nested more than {MAX_DEPTH} levels deep")


def _half(raw):
    bits = int.from_bytes(raw, "big")
    sign = -1.0 if bits & 0x8000 else 1.0
    exponent = (bits >> 10) & 0x1F
    fraction = bits & 0x3FF
    if exponent == 0:
        return sign * math.ldexp(fraction, -24)
    if exponent == 31:
        return sign * math.inf if fraction == 0 else math.nan
    return sign * math.ldexp(fraction + 1024, exponent - 25)


def _hashable(value):
    """A map key as Python can hash it: lists become tuples, maps frozen."""
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple((_hashable(k), _hashable(v)) for k, v in value.items())
    return value

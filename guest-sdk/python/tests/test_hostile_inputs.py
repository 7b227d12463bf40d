"""What a host (or an odd guest class) can throw at the SDK without it
raising anything but a RemoteError: an exception leaving an export would
trap the component and lose the object."""

import enum
import types as types_module
import unittest

from remoteobj_guest import THIS, RemoteError, cbor, resolve
from remoteobj_guest.component import _encode, fields
from remoteobj_guest.describe import schema


class Box:
    def __init__(self):
        self.table = {"k": 1}
        self.name = "abc"
        self.items = NoisyContainer()

    def same(self):
        return self.name.strip()

    def me(self):
        return self


class NoisyContainer:
    def __contains__(self, key):
        raise TypeError("NoisyContainer holds only ints")


class Slotted:
    __slots__ = ("a", "_b", "unset")

    def __init__(self):
        self.a = 1
        self._b = 2


class Colour(enum.Enum):
    RED = 1


class Node:
    def __init__(self):
        self.next = self


class Odd:
    """A class inspect cannot fully read."""

    level = 3
    getter = property(__import__("operator").attrgetter("level"))

    @classmethod
    def make(cls, n: int = 2):
        return cls()

    def __repr__(self):
        raise RuntimeError("no repr")


class ResolveTests(unittest.TestCase):
    def test_a_huge_int_key_is_a_key_error_not_a_crash(self):
        with self.assertRaises(RemoteError) as c:
            resolve(Box(), [("getattr", "table"), ("getitem", 10**5000)])
        self.assertEqual(c.exception.kind, "key")
        self.assertIn("bits", c.exception.trace[-1])

    def test_an_unchanged_str_is_a_value_not_this(self):
        self.assertEqual(resolve(Box(), [("getattr", "same"), ("call", [], {})]), "abc")
        self.assertEqual(resolve(Box(), [("getattr", "name"), ("getattr", "strip"),
                                         ("call", [], {})]), "abc")
        self.assertIs(resolve(Box(), [("getattr", "me"), ("call", [], {})]), THIS)

    def test_a_guests_own_contains_error_comes_back(self):
        with self.assertRaises(RemoteError) as c:
            resolve(Box(), [("getattr", "items"), ("contains", "a")])
        self.assertEqual(c.exception.kind, "type")
        self.assertFalse(resolve(Box(), [("getattr", "table"), ("contains", ["unhashable"])]))


class EncodeTests(unittest.TestCase):
    def test_slots_are_public_attributes(self):
        self.assertEqual(cbor.loads(_encode(Slotted())), {"a": 1})

    def test_enums_exceptions_and_stdlib_objects_are_refused_by_name(self):
        from fractions import Fraction
        from pathlib import PurePosixPath

        for value in (Colour.RED, ValueError("x"), Fraction(1, 3), PurePosixPath("/a")):
            with self.assertRaises(RemoteError) as c:
                _encode(value)
            self.assertEqual(c.exception.kind, "type")
            self.assertIn(type(value).__name__, c.exception.message)

    def test_a_cycle_is_a_type_error_not_a_recursion(self):
        with self.assertRaises(RemoteError) as c:
            _encode(Node())
        self.assertIn("levels", c.exception.message)

    def test_an_object_counts_one_level(self):
        # 200 nested objects: within the host's 256 levels.
        class Nest:
            pass

        n = None
        for _ in range(200):
            outer = Nest()
            outer.inner = n
            n = outer
        self.assertEqual(fields(n).keys(), {"inner"})
        _encode(n)

    def test_a_lone_surrogate_is_refused(self):
        with self.assertRaises(TypeError):
            cbor.dumps("bad \udcff name")
        with self.assertRaises(RemoteError):
            _encode(["bad \udcff name"])


class _Types:
    """Stand-ins for the WIT record types describe fills."""

    def __getattr__(self, name):
        return lambda **kw: types_module.SimpleNamespace(kind=name, **kw)


class DescribeTests(unittest.TestCase):
    def test_odd_members_do_not_fail_describe(self):
        s = schema(Odd(), active=False, types=_Types())
        self.assertEqual([a.name for a in s.attributes], ["getter", "level"])
        self.assertEqual(s.attributes[0].type, "Any")
        self.assertEqual([m.name for m in s.methods], ["make"])
        self.assertEqual(s.methods[0].params[0].default, "2")


if __name__ == "__main__":
    unittest.main()

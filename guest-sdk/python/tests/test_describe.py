"""``describe``'s type table: annotations and instance values as
structured types, nested objects as classes (once, also when they contain
themselves), and odd annotations as "any" rather than a failure."""

import types as types_module
import typing
import unittest
from typing import Optional, Self

from remoteobj_guest.describe import SCHEMA_VERSION, schema


class _Types:
    """Stand-ins for the WIT types describe fills: each remembers its kind."""

    def __getattr__(self, name):
        return lambda **kw: types_module.SimpleNamespace(kind=name, **kw)


def shape(s, index):
    """A type of the table as text: ``list[int64]``, ``object[Leaf]``."""
    t = s.types[index]
    kind = t.kind.removeprefix("TypeDesc_").lower()
    if kind in ("list", "option"):
        return f"{kind}[{shape(s, t.value)}]"
    if kind == "dict":
        return f"dict[{shape(s, t.value[0])}, {shape(s, t.value[1])}]"
    if kind == "tuple":
        return "tuple[" + ", ".join(shape(s, i) for i in t.value) + "]"
    if kind == "object":
        return f"object[{s.classes[t.value].type_name}]"
    if kind in ("signed", "unsigned", "float", "named"):
        return f"{kind}[{t.value}]"
    return kind


class Leaf:
    def __init__(self):
        self.n = 1
        self.up = None


class Tree:
    def __init__(self):
        self.count = 0
        self.ratio = 0.5
        self.name = ""
        self.items = []
        self.table = {}
        self.leaf = Leaf()
        self.leaf.up = self  # a cycle through the root's own class

    def grow(self, by: int, rate: Optional[float] = None) -> Self:
        return self

    def pairs(self, keys: list[str]) -> dict[str, tuple[int, bool]]:
        return {}

    def whole(self, xs: tuple[int, ...], maybe: "int | None" = None) -> "Tree":
        return self

    def untyped(self, a, b=2):
        return a

    def odd(self, a: "NoSuchName", b: typing.Callable[[int], int]) -> "list[NoSuchName]":  # noqa: F821
        return a

    @property
    def size(self) -> int:
        return 1


class DescribeTypesTests(unittest.TestCase):
    def setUp(self):
        self.s = schema(Tree(), active=False, types=_Types())

    def attribute(self, name, cls=None):
        attributes = (cls or self.s).attributes
        return shape(self.s, next(a for a in attributes if a.name == name).type_index)

    def method(self, name):
        m = next(m for m in self.s.methods if m.name == name)
        return [shape(self.s, p.type_index) for p in m.params], shape(self.s, m.returns_index)

    def test_instance_values(self):
        self.assertEqual(self.s.version, SCHEMA_VERSION)
        self.assertEqual(self.attribute("count"), "signed[64]")
        self.assertEqual(self.attribute("ratio"), "float[64]")
        self.assertEqual(self.attribute("name"), "text")
        self.assertEqual(self.attribute("items"), "list[any]")
        self.assertEqual(self.attribute("table"), "dict[any, any]")
        self.assertEqual(self.attribute("size"), "signed[64]", "a property: its annotation")

    def test_nested_objects_are_classes_once(self):
        self.assertEqual(self.attribute("leaf"), "object[Leaf]")
        self.assertEqual([c.type_name for c in self.s.classes], ["Leaf", "Tree"])
        leaf = self.s.classes[0]
        self.assertEqual(self.attribute("n", leaf), "signed[64]")
        self.assertEqual(self.attribute("up", leaf), "object[Tree]")

    def test_annotations(self):
        self.assertEqual(self.method("grow"), (["signed[64]", "option[float[64]]"], "this"))
        self.assertEqual(self.method("pairs"),
                         (["list[text]"], "dict[text, tuple[signed[64], bool]]"))
        self.assertEqual(self.method("whole"),
                         (["list[signed[64]]", "option[signed[64]]"], "this"))
        self.assertEqual(self.method("untyped"), (["any", "any"], "any"))

    def test_odd_annotations_are_any_or_named(self):
        params, returns = self.method("odd")
        self.assertEqual(params, ["named[NoSuchName]", "any"])
        self.assertIn(returns, ("any", "named[list[NoSuchName]]"))

    def test_every_index_names_an_earlier_type(self):
        for at, t in enumerate(self.s.types):
            parts = t.value if isinstance(getattr(t, "value", None), (list, tuple)) else \
                [t.value] if isinstance(getattr(t, "value", None), int) and \
                t.kind in ("TypeDesc_List", "TypeDesc_Option") else []
            for part in parts:
                self.assertLess(part, at)


if __name__ == "__main__":
    unittest.main()

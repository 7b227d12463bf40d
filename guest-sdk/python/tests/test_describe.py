"""``describe``'s type table: annotations and instance values as
structured types, nested objects as classes (once, also when they contain
themselves), and odd annotations as "any" rather than a failure."""

import enum
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


class Colour(enum.Enum):
    RED = 1


class Leaf:
    def __init__(self):
        self.n = 1
        self.up = None

    def root(self) -> "Tree":
        """Another class's instance: not "the object itself" here."""
        return self.up


def _other_leaf():
    class Leaf:  # another class of the same name
        def __init__(self):
            self.m = 2
    return Leaf()


class Tree:
    def __init__(self):
        self.count = 0
        self.ratio = 0.5
        self.name = ""
        self.items = []
        self.table = {}
        self.leaf = Leaf()
        self.leaf.up = self  # a cycle through the root's own class
        self.other = _other_leaf()
        self.later = None
        self.colour = Colour.RED
        self.fixed = (1, 2)

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

    @classmethod
    def make(cls) -> Self:
        return cls()

    def flags(self, a: int, *, verbose: bool = False) -> None:
        pass


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
        self.assertEqual(self.attribute("other"), "object[Leaf2]", "another class, named apart")
        self.assertEqual(sorted(c.type_name for c in self.s.classes), ["Leaf", "Leaf2", "Tree"])
        leaf = next(c for c in self.s.classes if c.type_name == "Leaf")
        self.assertEqual(self.attribute("n", leaf), "signed[64]")
        self.assertEqual(self.attribute("up", leaf), "object[Tree]")
        root = next(m for m in leaf.methods if m.name == "root")
        self.assertEqual(shape(self.s, root.returns_index), "named[Tree]")

    def test_in_place_and_odd_values(self):
        in_place = {a.name: a.in_place for a in self.s.attributes}
        for name in ("items", "table", "leaf", "other"):
            self.assertTrue(in_place[name], name)
        for name in ("count", "name", "fixed", "size", "later", "colour"):
            self.assertFalse(in_place[name], name)
        self.assertEqual(self.attribute("later"), "option[any]")
        self.assertEqual(self.attribute("colour"), "named[Colour]")

    def test_keyword_only_and_class_methods(self):
        flags = next(m for m in self.s.methods if m.name == "flags")
        self.assertEqual([p.keyword_only for p in flags.params], [False, True])
        self.assertEqual(self.method("make"), ([], "any"), "a new instance, not the object")

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

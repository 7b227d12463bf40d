"""The resolver with Python remoteobj's own README objects, natively: the
ops, `super`, chaining on `return self`, and errors with their kinds and
traces."""

import unittest

from remoteobj_guest import THIS, RemoteError, remote_function, resolve


class SomeObject:
    """Python remoteobj's README object."""

    def __init__(self):
        self.x = 0
        self.is_on = False
        self.another = []

    def inc(self):
        self.x += 1

    def toggle(self, state=None):
        self.is_on = not self.is_on if state is None else state

    def chain(self):
        self.x += 1
        return self


class A:
    def __init__(self):
        self.size = 10

    def asdf(self):
        return 5

    @property
    def zxcv(self):
        return self.size / 5

    def __str__(self):
        return "an A"

    def relabel(self):
        return self


class B(A):
    def asdf(self):
        return 6

    @property
    def zxcv(self):
        return self.size / 10

    def chain(self):
        return self


class C(B):
    def asdf(self):
        return 7


@remote_function
def total(obj, extra=0):
    return sum(obj.another) + extra


def call(*args, **kwargs):
    return ("call", list(args), kwargs)


class Ops(unittest.TestCase):
    def test_the_readme_example(self):
        obj = SomeObject()
        resolve(obj, [("getattr", "toggle"), call(True)])
        self.assertIs(resolve(obj, [("getattr", "is_on")]), True)
        resolve(obj, [("getattr", "inc"), call()])
        resolve(obj, [("getattr", "another"), ("getattr", "append"), call(6)])
        self.assertEqual(resolve(obj, [("getattr", "another"), ("getitem", 0)]), 6)
        resolve(obj, [("setattr", "x", 10)])
        resolve(obj, [("getattr", "toggle"), call(state=False)])
        self.assertIs(obj.is_on, False)
        self.assertIs(resolve(obj, [("getattr", "chain"), call()]), THIS)
        self.assertEqual(
            resolve(obj, [("getattr", "chain"), call(), ("getattr", "chain"), call(), ("getattr", "x")]), 13)
        self.assertEqual(resolve(obj, [("getattr", "another"), ("len",)]), 1)
        self.assertIs(resolve(obj, [("getattr", "another"), ("contains", 6)]), True)
        resolve(obj, [("getattr", "another"), ("setitem", 0, 7)])
        resolve(obj, [("getattr", "another"), ("delitem", 0)])
        self.assertEqual(obj.another, [])
        resolve(obj, [("delattr", "is_on")])
        self.assertFalse(hasattr(obj, "is_on"))

    def test_super_is_the_bases_implementation_as_the_code_does(self):
        b = B()
        self.assertEqual(resolve(b, [("getattr", "asdf"), call()]), 6)
        self.assertEqual(resolve(b, [("super",), ("getattr", "asdf"), call()]), 5)
        self.assertEqual(resolve(b, [("getattr", "zxcv")]), 1.0)
        self.assertEqual(resolve(b, [("super",), ("getattr", "zxcv")]), 2.0)
        c = C()
        self.assertEqual(resolve(c, [("super",), ("super",), ("getattr", "asdf"), call()]), 5)
        with self.assertRaises(RemoteError) as e:
            resolve(c, [("super",), ("super",), ("super",)])
        self.assertEqual(e.exception.kind, "attribute")
        # A base's method returning self returns the object, not the base.
        self.assertIs(resolve(b, [("super",), ("getattr", "relabel"), call()]), THIS)
        resolve(b, [("super",), ("setattr", "size", 20)])
        self.assertEqual(b.size, 20)

    def test_super_reaches_the_bases_setters_and_the_instances_attributes(self):
        class Base:
            def __init__(self):
                self.size = 10
                self.label = "made by Base"

            @property
            def half(self):
                return self.size / 2

            @half.setter
            def half(self, value):
                self.size = value * 2

        class Derived(Base):
            @property
            def half(self):  # no setter: read-only here
                return -1

        d = Derived()
        resolve(d, [("super",), ("setattr", "half", 4)])
        self.assertEqual(d.size, 8, "Base's setter ran")
        self.assertEqual(resolve(d, [("super",), ("getattr", "half")]), 4)
        self.assertEqual(resolve(d, [("super",), ("getattr", "label")]), "made by Base")
        with self.assertRaises(RemoteError) as e:
            resolve(d, [("setattr", "half", 1)])
        self.assertEqual(e.exception.kind, "attribute")

    def test_passto(self):
        obj = SomeObject()
        obj.another = [1, 2]
        self.assertEqual(resolve(obj, [("passto", "total", [], {"extra": 3})]), 6)
        self.assertEqual(resolve(B(), [("passto", "str", [], {})]), "an A")
        self.assertIs(resolve(obj, [("passto", "hasattr", ["inc"], {})]), True)
        self.assertIn("inc", resolve(obj, [("passto", "dir", [], {})]))
        with self.assertRaises(RemoteError) as e:
            resolve(obj, [("passto", "totl", [], {})])
        self.assertIn("did you mean 'total'", e.exception.message)


class Errors(unittest.TestCase):
    def error(self, obj, ops):
        with self.assertRaises(RemoteError) as e:
            resolve(obj, ops)
        return e.exception

    def test_kinds_follow_the_exception_class(self):
        obj = SomeObject()
        e = self.error(obj, [("getattr", "xx")])
        self.assertEqual((e.kind, e.type_name), ("attribute", "SomeObject"))
        self.assertIn("did you mean 'x'", e.message)
        self.assertEqual(e.trace, ["SomeObject.xx"])
        self.assertEqual(self.error(obj, [("getattr", "another"), ("getitem", 3)]).kind, "index")
        self.assertEqual(self.error({}, [("getitem", "k")]).kind, "key")
        self.assertEqual(self.error(obj, [("getattr", "inc"), call(1, 2)]).kind, "type")
        self.assertEqual(self.error(obj, [("getattr", "x"), call()]).kind, "not-callable")
        e = self.error(obj, [("getattr", "x"), ("getattr", "__truediv__"), call(0)])
        self.assertEqual(e.kind, "runtime")
        self.assertTrue(e.message.startswith("ZeroDivisionError"), e.message)

    def test_a_methods_error_carries_its_traceback_then_the_path(self):
        class Fails:
            def go(self):
                raise ValueError("no")
        e = self.error(Fails(), [("getattr", "go"), call()])
        self.assertEqual(e.kind, "value")
        self.assertIn("in go", e.trace[0])
        self.assertEqual(e.trace[-1], "Fails.go()")

    def test_paths_the_guest_refuses(self):
        obj = SomeObject()
        e = self.error(obj, [("setattr", "x", 1), ("getattr", "x")])
        self.assertEqual(e.kind, "invalid-request")
        e = self.error(obj, [("getattr", "x")] * 300)
        self.assertEqual(e.kind, "invalid-request")
        e = self.error(object(), [("super",)])
        self.assertEqual(e.kind, "attribute")


if __name__ == "__main__":
    unittest.main()

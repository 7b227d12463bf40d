"""The guest's CBOR codec: RFC 8949's examples, round trips, and hostile
input that must fail cleanly (never hang, never overflow the stack)."""

import math
import unittest

from remoteobj_guest import cbor
from remoteobj_guest.cbor import CBORError, Tag, dumps, loads


class Examples(unittest.TestCase):
    # From RFC 8949, appendix A.
    DECODE = [
        ("00", 0), ("17", 23), ("1818", 24), ("1903e8", 1000),
        ("1bffffffffffffffff", 18446744073709551615),
        ("c249010000000000000000", 18446744073709551616),
        ("3bffffffffffffffff", -18446744073709551616),
        ("c349010000000000000000", -18446744073709551617),
        ("20", -1), ("3903e7", -1000),
        ("f90000", 0.0), ("f93c00", 1.0), ("f97bff", 65504.0), ("f90001", 5.960464477539063e-8),
        ("fa47c35000", 100000.0), ("fb3ff199999999999a", 1.1), ("f9fc00", -math.inf),
        ("f4", False), ("f5", True), ("f6", None), ("f7", None),
        ("c11a514b67b0", Tag(1, 1363896240)),
        ("4401020304", b"\x01\x02\x03\x04"), ("60", ""), ("6449455446", "IETF"),
        ("62c3bc", "\u00fc"), ("80", []), ("83010203", [1, 2, 3]),
        ("8301820203820405", [1, [2, 3], [4, 5]]),
        ("a201020304", {1: 2, 3: 4}),
        ("a26161016162820203", {"a": 1, "b": [2, 3]}),
        ("5f42010243030405ff", b"\x01\x02\x03\x04\x05"),
        ("7f657374726561646d696e67ff", "streaming"),
        ("9f018202039f0405ffff", [1, [2, 3], [4, 5]]),
        ("bf61610161629f0203ffff", {"a": 1, "b": [2, 3]}),
    ]

    def test_decodes_the_rfcs_examples(self):
        for hex_, expected in self.DECODE:
            with self.subTest(hex_):
                self.assertEqual(loads(bytes.fromhex(hex_)), expected)
        self.assertTrue(math.isnan(loads(bytes.fromhex("f97e00"))))

    def test_encodes_the_shortest_heads_and_bignums(self):
        for value, hex_ in [(0, "00"), (24, "1818"), (1000, "1903e8"), (-1000, "3903e7"),
                            (18446744073709551616, "c249010000000000000000"),
                            (-18446744073709551617, "c349010000000000000000"),
                            (None, "f6"), (True, "f5"), ("IETF", "6449455446"),
                            ([1, [2, 3]], "8201820203"), ({"a": 1}, "a1616101"),
                            (1.1, "fb3ff199999999999a")]:
            with self.subTest(value):
                self.assertEqual(dumps(value).hex(), hex_)

    def test_round_trips(self):
        for value in [0, -1, 2**63, -(2**64), 2**200, 3.5, "é\u1234", b"\x00\xff",
                      [1, "a", [None, True]], {"k": {"n": [1.5]}}, Tag(7, "x"), {(1, 2): 3}]:
            with self.subTest(value):
                self.assertEqual(loads(dumps(value)), value)
        self.assertEqual(loads(dumps((1, 2))), [1, 2], "a tuple is an array")
        self.assertEqual(loads(bytes.fromhex("a1820102f6")), {(1, 2): None}, "array keys hash")


class Hostile(unittest.TestCase):
    def test_what_cbor_cannot_carry_is_a_type_error_naming_the_type(self):
        for value in [object(), {1, 2}, 1j, [1, object()]]:
            with self.subTest(value), self.assertRaises(TypeError) as e:
                dumps(value)
            self.assertIn("cannot send a value of type", str(e.exception))

    def test_nesting_is_bounded_both_ways(self):
        deep = []
        for _ in range(cbor.MAX_DEPTH):
            deep = [deep]
        with self.assertRaises(TypeError):
            dumps(deep)
        fits = deep[0]
        self.assertEqual(loads(dumps(fits)), fits)
        with self.assertRaises(CBORError):
            loads(b"\x81" * 100_000 + b"\x80")

    def test_broken_input_is_an_error_not_a_hang(self):
        for raw in [b"", b"\x18", b"\x1c", b"\x62a", b"\x9f\x01", b"\xff", b"\x00\x00",
                    b"\x62\xff\xfe", b"\x9b\xff\xff\xff\xff\xff\xff\xff\xff", b"\x5f\x61a\xff",
                    b"\xf8\x20"]:
            with self.subTest(raw), self.assertRaises(CBORError):
                loads(raw)


if __name__ == "__main__":
    unittest.main()

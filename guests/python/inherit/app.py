"""Python remoteobj's Advanced example (`A`, and `B` overriding `asdf`,
with `chain` returning self), with what its tests add (`ObjectA`'s
property `zxcv` and `__str__`, `ObjectB`'s `zxcv`), in the shape of the Rust
inherit guest so that both run the same end-to-end tests. Annotated, so that its schema
(and `remoteobj bindgen`'s client) has types."""

from typing import Self

from remoteobj_guest import export


class A:
    def __init__(self):
        self.label = "made by A"
        self.size = 10.0

    def __str__(self):
        return f"<A label={self.label}>"

    def asdf(self) -> int:
        return 5

    def relabel(self, label: str) -> Self:
        self.label = label
        return self

    @property
    def zxcv(self) -> float:
        """A fifth of size."""
        return self.size / 5

    @zxcv.setter
    def zxcv(self, value: float) -> None:
        if value < 0:
            raise ValueError("zxcv cannot be negative")
        self.size = value * 5


class B(A):
    x = 0

    def asdf(self) -> int:
        return 6

    def chain(self) -> Self:
        # The README's `x += 1` would raise: it counts on the instance.
        self.x += 1
        return self

    @property
    def zxcv(self) -> float:
        """A tenth of size: overrides A's, with no setter."""
        return self.size / 10


export(B())

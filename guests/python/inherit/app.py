"""Python remoteobj's Advanced example, as its README has it (with `chain`
counting on the instance: the README's `x += 1` would raise)."""

from remoteobj_guest import export


class A:
    def asdf(self):
        return 5


class B(A):
    x = 0

    def asdf(self):
        return 6

    def chain(self):
        self.x += 1
        return self


export(B())

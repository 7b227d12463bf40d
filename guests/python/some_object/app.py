from remoteobj_guest import export


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

    # Not in the original: the Rust counter guest's two other methods, so
    # that both languages run the same end-to-end tests.
    def measure(self, text):
        """The length of `text` in bytes."""
        return len(text.encode())

    def div(self, by):
        """x divided by `by`; fails on zero."""
        if by == 0:
            raise ValueError("division by zero")
        return self.x // by


export(SomeObject())

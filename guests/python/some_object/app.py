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


export(SomeObject())

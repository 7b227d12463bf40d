"""Python remoteobj's Basic Usage object: a list with attributes."""

from remoteobj_guest import export


class Basic(list):
    """`obj = []` with `obj.something = 5` and `obj.another = []`."""

    def __init__(self):
        super().__init__()
        self.something = 5
        self.another = []


export(Basic())

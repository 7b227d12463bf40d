"""Python remoteobj's Full Example: the remote side counts while a switch is
on; the host flips the switch."""

from remoteobj_guest import export, should_stop, sleep


class SomeObject:
    def __init__(self):
        self.x = 0
        self.is_on = False
        # Not in the original: the steps taken, so a test can tell the loop
        # goes on while off.
        self.steps = 0

    def inc(self):
        self.x += 1

    def toggle(self, state=None):
        self.is_on = not self.is_on if state is None else state


def run_remote_stuff(obj):
    """The remote process: `while not event.is_set()`, listening meanwhile."""
    while not should_stop():
        if obj.is_on:
            obj.inc()
        obj.steps += 1
        sleep(0.01)
    return obj.x


export(SomeObject(), run=run_remote_stuff)

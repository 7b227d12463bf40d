"""The Python baseline: remoteobj 0.4.0 (the library remoteobj reimplements)
measured on this machine, for the README's comparison.

Times round trips from the main process to an object in a child process:
a getattr resolve (`obj.remote.x.__`) and a method call (`obj.remote.inc()`),
the same two operations `remoteobj bench` times on its counter guest. The
child serves requests in a loop on `obj.remote.poll()` (the library's own
request handling, without its background thread, which is slower).

Usage: python_remoteobj.py [--rounds N] [--rust-json FILE]
With --rust-json (the output of `remoteobj bench --json`), also prints how
many times faster the Rust figures are. Prints JSON on stdout.
"""

import argparse
import json
import multiprocessing as mp
import statistics
import time

import remoteobj


class SomeObject:
    """Python remoteobj's SomeObject."""

    def __init__(self):
        self.remote = remoteobj.Proxy(self)
        self.x = 0

    def inc(self):
        self.x += 1


def serve(obj, stop):
    with obj.remote:
        while not stop.is_set():
            obj.remote.poll()


def percentile(samples, p):
    s = sorted(samples)
    rank = max(1, min(len(s), int(-(-p / 100 * len(s) // 1))))
    return s[rank - 1]


def timed(op, rounds, warmup):
    for _ in range(warmup):
        op()
    samples = []
    for _ in range(rounds):
        t = time.perf_counter()
        op()
        samples.append((time.perf_counter() - t) * 1e6)
    return {
        "p50_us": round(statistics.median(samples), 2),
        "p99_us": round(percentile(samples, 99), 2),
        "samples": rounds,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5000)
    parser.add_argument("--rust-json", help="output of `remoteobj bench --json`")
    args = parser.parse_args()

    obj = SomeObject()
    stop = mp.Event()
    proc = mp.Process(target=serve, args=(obj, stop), daemon=True)
    proc.start()
    obj.remote.wait_until_listening(proc)
    warmup = max(100, args.rounds // 10)
    result = {
        "library": "remoteobj " + getattr(remoteobj, "__version__", "0.4.0"),
        "getattr": timed(lambda: obj.remote.x.__, args.rounds, warmup),
        "method_call": timed(lambda: obj.remote.inc(), args.rounds, warmup),
    }
    stop.set()
    proc.join(5)

    if args.rust_json:
        with open(args.rust_json) as f:
            rust = json.load(f)["latency"]
        result["rust_faster_by"] = {
            key: round(result[key]["p50_us"] / rust[key]["p50_us"], 1)
            for key in ("getattr", "method_call")
        }
    print(json.dumps(result, indent=2))
    if "rust_faster_by" in result:
        for key, ratio in result["rust_faster_by"].items():
            print(
                f"{key}: Python p50 {result[key]['p50_us']} us, remoteobj (Rust) is {ratio}x faster",
                file=__import__("sys").stderr,
            )


if __name__ == "__main__":
    main()

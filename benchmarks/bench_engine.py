"""Engine benchmark: prints timings; it asserts nothing (speed is measured, not tested).

    python benchmarks/bench_engine.py

Targets on the project's 2-core machine: <= 10 µs per node for a plain chain; the text report
of a 10,000-node chain within 2× its analysis and the JSON within 1×; and a cold
`costcalc report vgg16` process <= 0.35 s (a process importing only numpy, networkx and click
takes about 0.23 s, so nothing heavy may be imported on that path).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

from costcalc import Network
from costcalc.engine import analyze
from costcalc.layers import Conv2d, ReLU
from costcalc.registry import get_model


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def chain(nodes: int) -> Network:
    net = Network("chain", channels=16, size=32)
    for i in range(nodes // 2):
        net.add(f"conv{i}", Conv2d(16, 3, padding=1))
        net.add(f"relu{i}", ReLU())
    return net


def cold_process(args: list[str], repeat: int = 5) -> float:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPROFILEIMPORTTIME"}
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    vgg = get_model("vgg16").network()
    t = best_of(lambda: analyze(vgg), 20)
    print(f"analyze(vgg16), {len(vgg)} nodes:                  {t * 1e3:8.2f} ms  ({t / len(vgg) * 1e6:.1f} µs/node)")

    net = chain(10_000)
    t = best_of(lambda: analyze(net), 3)
    print(f"chain of {len(net):,} nodes, 1 resolution:         {t * 1e3:8.1f} ms  ({t / len(net) * 1e6:.2f} µs/node)")

    sizes = list(range(16, 1016))
    t_many = best_of(lambda: analyze(net, input_size=sizes), 2)
    print(f"same chain, {len(sizes):,} resolutions in one call: {t_many * 1e3:8.1f} ms  "
          f"({t_many / len(net) * 1e6:.1f} µs/node, {t_many / len(net) / len(sizes) * 1e9:.0f} ns/node/variant)")
    print(f"  vs {len(sizes):,} separate calls (estimated): {t * len(sizes):8.1f} s")

    from costcalc.report import render
    a = analyze(net)
    t_text = best_of(lambda: render(a, "text", width=100), 3)
    t_json = best_of(lambda: render(a, "json"), 3)
    print(f"text report of the chain:                      {t_text * 1e3:8.1f} ms  ({t_text / t:.2f}× the analysis; target <= 2×)")
    print(f"JSON report of the chain:                      {t_json * 1e3:8.1f} ms  ({t_json / t:.2f}× the analysis; target <= 1×)")

    exe = os.path.join(os.path.dirname(sys.executable), "costcalc")
    baseline = cold_process([sys.executable, "-c", "import numpy, networkx, click"])
    report = cold_process([exe, "report", "vgg16"])
    print(f"cold process importing numpy+networkx+click:   {baseline:8.3f} s")
    print(f"cold `costcalc report vgg16`:                  {report:8.3f} s  (target <= 0.35 s)")


if __name__ == "__main__":
    main()

"""Print the benchmark results of a pytest-benchmark JSON file as a short table."""

from __future__ import annotations

import json
import sys


def main(paths: list[str]) -> None:
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            results = json.load(handle)
        print(f"\n{path}")
        print(f"{'benchmark':<60} {'p50 (ms)':>10} {'mean (ms)':>10} {'rounds':>7}")
        for bench in results["benchmarks"]:
            stats = bench["stats"]
            print(
                f"{bench['name']:<60} {stats['median'] * 1000:>10.2f} "
                f"{stats['mean'] * 1000:>10.2f} {stats['rounds']:>7}"
            )


if __name__ == "__main__":
    main(sys.argv[1:])

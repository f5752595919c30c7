from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from tests.bench.conftest import AsgiDriver

FULL_TREE = """
query ($code: String!) {
  referentiel(code: $code) {
    ... on ReferentielVersion {
      version provisional levels { depth name count officialCount }
      items { code title depth levelName position parentCode isLeaf provisional }
    }
  }
}
"""


def test_bench_full_clea_tree_over_graphql(benchmark: Any, asgi: AsgiDriver) -> None:
    """Target: p50 ≤ 10 ms through the ASGI app."""
    body = benchmark(asgi.post_graphql, FULL_TREE, code="CLEA")

    assert len(body["data"]["referentiel"]["items"]) == 142


def test_bench_clea_plugins_json_cold_process(benchmark: Any) -> None:
    """Target: ≤ 1.5 s for the whole process, interpreter start included."""
    command = [sys.executable, "-m", "clea_platform.cli.main", "plugins", "--json"]

    def run() -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(command, capture_output=True, check=True, env=os.environ.copy())

    result = benchmark.pedantic(run, rounds=5, iterations=1, warmup_rounds=1)

    assert b'"CLEA"' in result.stdout

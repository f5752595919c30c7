"""The dossier list loads its page's candidates and grid progress at once, only if asked."""

from __future__ import annotations

from typing import Any

from tests.schema.identity.conftest import LoggedIn, post
from tests.schema.pathway.operations import new_dossier, started_evaluation

# As the frontend asks (frontend/src/pathway/documents.ts): through a fragment.
LIST = """
query ($skipCandidate: Boolean! = false) {
  dossiers(first: 50, filter: {search: "prefetch"}) {
    totalCount
    edges { node { id progress { evaluated total }
                   candidate @skip(if: $skipCandidate) { ...Names } } }
  }
}
fragment Names on Candidate { birthName firstNames }
"""


async def test_the_page_has_each_dossiers_candidate_and_progress_and_reads_only_what_is_asked(
    logged_in: LoggedIn, count_queries: Any
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    evaluator = await logged_in("evaluatrice@greta-demo.fr")
    dossiers = {}
    for name in ("Prefetch-Alpha", "Prefetch-Beta"):
        _, opened = await new_dossier(adviser, name)
        dossiers[name] = opened["dossier"]["id"]
    started = await started_evaluation(evaluator, dossiers["Prefetch-Beta"])
    targets = len(started["targetItems"])

    listed = (await post(adviser, LIST))["data"]["dossiers"]
    with count_queries() as without_candidates:
        skipped = (await post(adviser, LIST, skipCandidate=True))["data"]["dossiers"]

    nodes = {n["id"]: n for n in (e["node"] for e in listed["edges"])}
    assert listed["totalCount"] == 2
    assert nodes[dossiers["Prefetch-Alpha"]]["candidate"] == {
        "birthName": "Prefetch-Alpha",
        "firstNames": "Yanis",
    }
    assert nodes[dossiers["Prefetch-Alpha"]]["progress"] == {"evaluated": 0, "total": 0}
    assert nodes[dossiers["Prefetch-Beta"]]["progress"] == {"evaluated": 0, "total": targets}
    assert targets > 0
    # Candidates not asked for are neither read nor recorded as read
    assert all("candidate" not in e["node"] for e in skipped["edges"])
    assert not [s for s in without_candidates.statements if "candidate.birth_name" in s]

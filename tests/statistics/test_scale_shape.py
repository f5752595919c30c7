"""``clea demo --scale`` data reproduce the shape of the published figures (DOMAIN.md):
jobseekers a large majority (Paris region 2021: 88 %), half under 30 and a third under
25, and every category of every breakdown of the statistics present."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from typing import Any

from clea_platform.candidates.models import Candidate
from clea_platform.candidates.sectors import NAF_SECTIONS
from clea_platform.demo import scale
from clea_platform.dossiers.choices import Financing, PrescriberType
from clea_platform.dossiers.models import Dossier
from clea_platform.plugins.registry import CertificationRegistry

PEOPLE = 3000


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def generated(registry: CertificationRegistry) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    tenant = scale.DemoTenant(
        organisation_id=uuid.uuid4(),
        name="Greta",
        site_ids=(uuid.uuid4(),),
        region="Île-de-France",
        advisers=(scale.Person(uuid.uuid4(), "Karim"),),
        evaluators=(scale.Person(uuid.uuid4(), "Sophie"),),
        partner_siret="82404926600014",
        partner_name="Afpa",
    )
    certification = registry.get("CLEA")
    tree = certification.bundled_referentiel.tree
    eligible, with_gaps = scale.build_profiles(certification, tree, count=20)
    leaves = tree.leaf_codes()
    catalogue = scale.Catalogue(
        code="CLEA",
        version_id=uuid.uuid4(),
        leaves=leaves,
        titles={},
        domain_of={leaf: leaf.split(".")[0] for leaf in leaves},
        window_years=5,
        initial_evaluation_cents=2000,
        eligible=eligible,
        with_gaps=with_gaps,
    )
    world = scale.World((tenant,), (catalogue,), dt.date(2026, 11, 22))
    batch = scale.Batch()
    for index in range(PEOPLE):
        scale.generate_candidate(index, world, batch, room=2)
    tables = batch.rows[tenant.organisation_id]
    return tables[Candidate], tables[Dossier]


def test_the_scale_demo_has_the_shape_of_the_published_figures(
    registry: CertificationRegistry,
) -> None:
    # Given 3 000 generated candidates and their dossiers
    candidates, dossiers = generated(registry)
    by_id = {row["id"]: row for row in candidates}
    statuses = Counter(str(row["status_at_registration"]) for row in candidates)
    ages = [
        _age(by_id[row["candidate_id"]]["birth_date"], row["created_at"].date()) for row in dossiers
    ]

    # Then jobseekers are a large majority, half are under 30 and a third under 25
    assert 0.82 <= statuses["jobseeker"] / len(candidates) <= 0.92
    under_30 = sum(age < 30 for age in ages) / len(ages)
    under_25 = sum(age < 25 for age in ages) / len(ages)
    assert 0.44 <= under_30 <= 0.56, under_30
    assert 0.27 <= under_25 <= 0.40, under_25
    # And every category of the breakdowns is present
    assert {row["professional_sector"] for row in candidates} == {*NAF_SECTIONS, None}
    assert {str(row["prescriber_type"]) for row in dossiers} == {p.value for p in PrescriberType}
    assert {str(row["financing"]) for row in dossiers} == {f.value for f in Financing}
    assert {str(status) for status in statuses} == {
        "jobseeker",
        "employee",
        "young_mission_locale",
        "other",
    }
    assert {str(row["civility"]) for row in candidates} == {"madame", "monsieur"}
    assert min(ages) >= 16
    assert max(ages) >= 45

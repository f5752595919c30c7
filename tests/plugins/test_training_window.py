"""The training window is the certification's: a certification giving 3 years instead of
CléA's 5 sets the dossier's deadline, the expiry's reason and the partial attestation's
wording to 3 years, with no « 5 ans » left in the core."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import types

import pytest
from pypdf import PdfReader
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.documents import attestations
from clea_platform.dossiers import service
from clea_platform.dossiers.states import DossierStatus
from clea_platform.plugins import (
    Certification,
    CertificationLimits,
    CertificationRegistry,
    build_plugin_manager,
    hookimpl,
)
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Site
from clea_socle.plugin import CLEA
from tests.conftest import REPO_ROOT
from tests.dossiers.conftest import (  # noqa: F401
    TODAY,
    Pathway,
    clea_leaves,
    greta,
    greta_site,
    opening,
    pathway,
    sophie,
)

#: CléA as a certifier might define it with a shorter window.
CLEA_3_YEARS = dataclasses.replace(
    CLEA, limits=dataclasses.replace(CLEA.limits, training_window_years=3)
)


def three_year_plugin() -> types.ModuleType:
    module = types.ModuleType("clea_test_three_years")

    @hookimpl
    def clea_register_certifications() -> list[Certification]:
        return [CLEA_3_YEARS]

    module.clea_register_certifications = clea_register_certifications  # type: ignore[attr-defined]
    return module


@pytest.fixture
def registry() -> CertificationRegistry:
    """Only the 3-year CléA (replaces the suite's registry here)."""
    manager = build_plugin_manager(load_entry_points=False, extra_plugins=[three_year_plugin()])
    return CertificationRegistry(manager)


def test_the_window_is_worded_in_years_from_the_certification() -> None:
    assert CertificationLimits().training_window == "5 ans"
    assert CertificationLimits(training_window_years=3).training_window == "3 ans"
    assert CertificationLimits(training_window_years=1).training_window == "1 an"


async def test_a_three_year_certification_sets_the_deadline_and_the_expiry_reason(
    db_session: AsyncSession,
    greta: Actor,  # noqa: F811
    greta_site: Site,  # noqa: F811
    registry: CertificationRegistry,
    pathway: Pathway,  # noqa: F811
) -> None:
    # given a dossier of the 3-year certification sent to training on 23/11/2026
    dossier = await service.open_dossier(
        db_session, greta, registry, opening(await pathway.candidate(), greta_site)
    )
    await service.move(db_session, greta, registry, dossier, DossierStatus.INITIAL_EVALUATION)
    await service.move(db_session, greta, registry, dossier, DossierStatus.TRAINING, today=TODAY)
    # then it has 3 years to reach the jury
    assert dossier.window_ends_on == dt.date(2029, 11, 23)
    # when the daily task runs the day after the deadline
    expired = await service.expire_lapsed(db_session, greta, registry, dt.date(2029, 11, 24))
    # then the dossier expires, and its timeline gives the certification's window
    assert expired == 1
    last = (await service.timeline(db_session, dossier.id))[-1]
    assert last.to_status == DossierStatus.EXPIRED
    assert last.comment == "Délai de 3 ans après l'évaluation préalable dépassé."


async def test_the_partial_attestation_states_the_certifications_window(
    db_session: AsyncSession,
    greta: Actor,  # noqa: F811
    registry: CertificationRegistry,
    pathway: Pathway,  # noqa: F811
) -> None:
    # given a closed évaluation préalable of the 3-year certification with one gap
    results: dict[str, str | int | None] = dict.fromkeys(clea_leaves(registry), "acquis")
    results[next(iter(results))] = "non_acquis"
    _, evaluation, outcome = await pathway.evaluated("CLEA", results)
    assert not outcome.eligible
    # when the attestation of the skills acquired is issued
    attestation = await attestations.issue(db_session, greta, registry, evaluation.id)
    document = PdfReader(io.BytesIO(attestations.pdf(registry, attestation)))
    text = " ".join(page.extract_text() for page in document.pages)
    # then it gives the candidate the certification's 3 years, not CléA's usual 5
    assert "dans les 3 ans suivant l'évaluation préalable" in re.sub(r"\s+", " ", text)
    assert "cinq ans" not in text
    assert "5 ans" not in text


def test_the_core_words_no_window_of_its_own() -> None:
    # given the core's sources, templates and messages
    files = [
        path
        for path in (REPO_ROOT / "platform").rglob("*")
        if path.suffix in {".py", ".html", ".txt", ".css"} and "migrations" not in path.parts
    ]
    # then none of them words CléA's window in French for the others
    pattern = re.compile(r"\b(5|cinq) ans\b", re.IGNORECASE)
    assert files
    offenders = [
        f"{path.relative_to(REPO_ROOT)}: {match.group(0)}"
        for path in files
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [
        # the docstring of the wording's own example, for CléA's default limits
        "platform/dossiers/service.py: 5 ans",
        "platform/plugins/certification.py: 5 ans",
    ]

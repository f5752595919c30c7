"""The information interview: held with an adviser before the dossier opens (DOMAIN.md,
pathway step 1: "if the candidate agrees, the adviser opens the dossier")."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.candidates.models import Candidate
from clea_platform.candidates.service import create_candidate
from clea_platform.dossiers import interviews, service
from clea_platform.dossiers.choices import InterviewOutcome, PrescriberType
from clea_platform.dossiers.errors import DossierErrorCode
from clea_platform.identity.models import Membership
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.models import Organisation, Site
from clea_platform.tenants.scoping import cross_tenant_reads, refresh_tenant
from tests.dossiers.conftest import LEA, TODAY, Pathway, opening


async def new_candidate(
    session: AsyncSession, actor: Actor, name: str = "Sansentretien"
) -> Candidate:
    """A candidate the adviser registered but has not interviewed yet."""
    return await create_candidate(
        session,
        actor,
        dataclasses.replace(LEA, birth_name=name),
        today=TODAY,
        confirm_not_duplicate=True,
    )


def interview(
    candidate: Candidate,
    adviser: Actor,
    outcome: InterviewOutcome = InterviewOutcome.ORIENTED,
    **changes: object,
) -> interviews.RecordInterview:
    assert adviser.user_id is not None
    values: dict[str, object] = {
        "candidate_id": candidate.id,
        "certification_code": "CLEA",
        "held_on": TODAY,
        "adviser_id": adviser.user_id,
        "outcome": outcome,
    }
    values.update(changes)
    return interviews.RecordInterview(**values)  # type: ignore[arg-type]


async def test_an_adviser_records_the_interview_then_opens_the_dossier_from_it(
    db_session: AsyncSession, greta: Actor, greta_site: Site, registry: CertificationRegistry
) -> None:
    candidate = await new_candidate(db_session, greta)

    held = await interviews.record_interview(
        db_session,
        greta,
        registry,
        interview(candidate, greta, note="Projet : préparateur de commandes."),
        today=TODAY,
    )
    dossier = await service.open_dossier(
        db_session,
        greta,
        registry,
        opening(candidate, greta_site, information_interview_id=held.interview.id),
    )

    assert dossier.information_interview_id == held.interview.id
    assert held.adviser_name  # the adviser is named where the interview is shown
    listed = await interviews.interviews_of(db_session, candidate.id)
    assert [(row.interview.held_on, row.interview.outcome) for row in listed] == [
        (TODAY, InterviewOutcome.ORIENTED)
    ]


async def test_no_dossier_opens_without_an_information_interview(
    db_session: AsyncSession, greta: Actor, greta_site: Site, registry: CertificationRegistry
) -> None:
    candidate = await new_candidate(db_session, greta)

    with pytest.raises(service.DossierError) as refused:
        await service.open_dossier(db_session, greta, registry, opening(candidate, greta_site))

    assert refused.value.code == DossierErrorCode.INTERVIEW_REQUIRED
    assert refused.value.field == "informationInterviewId"
    assert "entretien d'information" in refused.value.message


@pytest.mark.parametrize("outcome", [InterviewOutcome.OTHER_ORIENTATION, InterviewOutcome.DEFERRED])
async def test_an_interview_that_did_not_orient_towards_the_certification_opens_nothing(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    outcome: InterviewOutcome,
) -> None:
    candidate = await new_candidate(db_session, greta)
    held = await interviews.record_interview(
        db_session, greta, registry, interview(candidate, greta, outcome), today=TODAY
    )

    for named in (held.interview.id, None):
        with pytest.raises(service.DossierError) as refused:
            await service.open_dossier(
                db_session,
                greta,
                registry,
                opening(candidate, greta_site, information_interview_id=named),
            )
        assert refused.value.code == DossierErrorCode.INTERVIEW_REQUIRED


async def test_an_interview_about_another_certification_does_not_open_this_one(
    db_session: AsyncSession, greta: Actor, greta_site: Site, registry: CertificationRegistry
) -> None:
    candidate = await new_candidate(db_session, greta)
    held = await interviews.record_interview(
        db_session,
        greta,
        registry,
        interview(candidate, greta, certification_code="CLEA_NUMERIQUE"),
        today=TODAY,
    )

    with pytest.raises(service.DossierError) as refused:
        await service.open_dossier(
            db_session,
            greta,
            registry,
            opening(candidate, greta_site, information_interview_id=held.interview.id),
        )

    assert refused.value.code == DossierErrorCode.INTERVIEW_REQUIRED


async def test_one_interview_opens_one_dossier(
    db_session: AsyncSession, greta: Actor, greta_site: Site, registry: CertificationRegistry
) -> None:
    candidate = await new_candidate(db_session, greta)
    held = await interviews.record_interview(
        db_session, greta, registry, interview(candidate, greta), today=TODAY
    )
    first = await service.open_dossier(db_session, greta, registry, opening(candidate, greta_site))
    await service.abandon(
        db_session, greta, registry, first.id, reason="Déménagement", expected_revision=1
    )

    with pytest.raises(service.DossierError) as refused:
        await service.open_dossier(
            db_session,
            greta,
            registry,
            opening(candidate, greta_site, information_interview_id=held.interview.id),
        )

    assert refused.value.code == DossierErrorCode.INTERVIEW_REQUIRED
    assert "déjà servi" in refused.value.message


async def test_the_interview_is_not_dated_in_the_future(
    db_session: AsyncSession, greta: Actor, registry: CertificationRegistry
) -> None:
    candidate = await new_candidate(db_session, greta)

    with pytest.raises(service.DossierError) as refused:
        await interviews.record_interview(
            db_session,
            greta,
            registry,
            interview(candidate, greta, held_on=TODAY + dt.timedelta(days=1)),
            today=TODAY,
        )

    assert refused.value.field == "heldOn"


async def test_the_adviser_is_a_member_of_the_organisation(
    db_session: AsyncSession, greta: Actor, registry: CertificationRegistry
) -> None:
    candidate = await new_candidate(db_session, greta)
    async with cross_tenant_reads(db_session, "tests"):
        afpa = await db_session.scalar(
            select(Organisation).where(Organisation.slug == "afpa-demo-lille")
        )
        assert afpa is not None
        greta_members = select(Membership.user_id).where(
            Membership.organisation_id == greta.organisation_id
        )
        outsider = await db_session.scalar(
            select(Membership.user_id).where(
                Membership.organisation_id == afpa.id, Membership.user_id.not_in(greta_members)
            )
        )
    assert outsider is not None

    for adviser_id in (outsider, uuid.uuid4()):
        with pytest.raises(service.DossierError) as refused:
            await interviews.record_interview(
                db_session,
                greta,
                registry,
                interview(candidate, greta, adviser_id=adviser_id),
                today=TODAY,
            )
        assert refused.value.code == DossierErrorCode.INVALID_INTERVIEW
        assert refused.value.field == "adviserId"


async def test_another_organisation_neither_reads_nor_uses_the_interview(
    db_session: AsyncSession, greta: Actor, greta_site: Site, registry: CertificationRegistry
) -> None:
    candidate = await new_candidate(db_session, greta)
    held = await interviews.record_interview(
        db_session, greta, registry, interview(candidate, greta), today=TODAY
    )
    async with cross_tenant_reads(db_session, "tests"):
        afpa = await db_session.scalar(
            select(Organisation).where(Organisation.slug == "afpa-demo-lille")
        )
        assert afpa is not None
        afpa_site = await db_session.scalar(select(Site).where(Site.organisation_id == afpa.id))
        assert afpa_site is not None
        afpa_member = await db_session.scalar(
            select(Membership.user_id).where(Membership.organisation_id == afpa.id)
        )
    afpa_adviser = Actor(
        label="Afpa", user_id=afpa_member, organisation_id=afpa.id, roles=frozenset({"adviser"})
    )
    with acting_as(afpa_adviser):
        await refresh_tenant(db_session)
        assert await interviews.interviews_of(db_session, candidate.id) == []
        assert await interviews.find_interview(db_session, held.interview.id) is None
        with pytest.raises(service.DossierError) as refused:
            await interviews.record_interview(
                db_session, afpa_adviser, registry, interview(candidate, afpa_adviser), today=TODAY
            )
        assert refused.value.code == DossierErrorCode.NOT_FOUND
        afpa_candidate = await new_candidate(db_session, afpa_adviser, "Afpa-Candidat")
        with pytest.raises(service.DossierError) as refused:
            await service.open_dossier(
                db_session,
                afpa_adviser,
                registry,
                opening(afpa_candidate, afpa_site, information_interview_id=held.interview.id),
            )
        assert refused.value.code == DossierErrorCode.NOT_FOUND
    await refresh_tenant(db_session)


async def test_a_staff_or_union_representative_and_a_professional_branch_may_orient(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    pathway: Pathway,
) -> None:
    for prescriber in (PrescriberType.STAFF_REPRESENTATIVE, PrescriberType.PROFESSIONAL_BRANCH):
        candidate = await pathway.candidate()
        dossier = await service.open_dossier(
            db_session,
            greta,
            registry,
            opening(
                candidate,
                greta_site,
                prescriber_type=prescriber,
                prescriber_name="OPCO 2i — branche de la métallurgie",
            ),
        )
        await db_session.refresh(dossier)
        assert dossier.prescriber_type == prescriber

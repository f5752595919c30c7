"""Declaring certificates to the national training-account system (« accrochage »).

A batch for a period lists exactly the certificates issued in it and not declared yet;
one missing a required field (here: a certification whose registry code the plugin does
not configure) is listed with the field while the batch is produced for the others.
"""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.certificates import service as certificates
from clea_platform.certificates.models import Certificate
from clea_platform.core.errors import AccessDeniedError
from clea_platform.db.base import utcnow
from clea_platform.declarations import service as declarations
from clea_platform.declarations.errors import DeclarationError, DeclarationErrorCode
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Site
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.accreditations.conftest import as_actor
from tests.certificates.conftest import DECIDED_ON, SESSION_LABEL, certified_dossier


async def issue(
    session: AsyncSession,
    greta: Actor,
    admin: Actor,
    registry: CertificationRegistry,
    site: Site,
    first_names: str,
    certification_code: str = "CLEA",
) -> Certificate:
    dossier = await certified_dossier(
        session,
        greta,
        registry,
        site,
        first_names=first_names,
        certification_code=certification_code,
    )
    async with as_actor(session, admin), cross_tenant_reads(session, "tests"):
        return await certificates.issue_certificate(
            session,
            admin,
            registry,
            dossier=dossier,
            decided_on=DECIDED_ON,
            jury_session_id=None,
            jury_session_label=SESSION_LABEL,
        )


async def test_a_batch_declares_exactly_the_certificates_not_yet_declared(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    platform_admin: Actor,
    registry: CertificationRegistry,
) -> None:
    today = utcnow().date()
    start, end = today - dt.timedelta(days=30), today
    # given everything issued so far declared, then three certificates issued today:
    # two CléA, one CléA numérique (its plugin configures no registry code)
    async with as_actor(db_session, platform_admin):
        await declarations.create_batch(db_session, platform_admin, registry, start, end)
    lea = await issue(db_session, greta, platform_admin, registry, greta_site, "Léa")
    marc = await issue(db_session, greta, platform_admin, registry, greta_site, "Marc")
    nina = await issue(
        db_session, greta, platform_admin, registry, greta_site, "Nina", "CLEA_NUMERIQUE"
    )
    # when Certif'Pro produces the batch for the month
    async with as_actor(db_session, platform_admin):
        result = await declarations.create_batch(db_session, platform_admin, registry, start, end)
    # then it declares Léa's and Marc's, with their identity and the registry code
    assert result.batch is not None
    assert result.batch.certificate_count == 2
    document = ET.fromstring(result.batch.document)
    lines = document.findall("certificat")
    assert sorted(line.findtext("numero") for line in lines) == sorted([lea.number, marc.number])
    assert {line.findtext("codeCertification") for line in lines} == {"RS5080"}
    assert {line.findtext("prenoms") for line in lines} == {"Léa", "Marc"}
    assert {line.findtext("nomNaissance") for line in lines} == {"Durand"}
    assert {line.findtext("dateNaissance") for line in lines} == {"1990-04-12"}
    # and lists Nina's with the field it lacks, undeclared (the shared database may hold
    # other incomplete ones, left by other tests)
    ours = {lea.number, marc.number, nina.number}
    incomplete = [(i.number, i.missing) for i in result.incomplete if i.number in ours]
    assert incomplete == [(nina.number, ["registryCode"])]
    # and the batch keeps which certificates it declared
    async with as_actor(db_session, platform_admin):
        [latest, *_] = await declarations.batches(db_session, platform_admin)
    assert latest.batch.id == result.batch.id
    assert sorted(latest.certificate_numbers) == sorted([lea.number, marc.number])
    async with as_actor(db_session, platform_admin):
        pending = await declarations.pending(db_session, platform_admin, today)
    assert nina.number in [p.number for p in pending]
    assert not {lea.number, marc.number} & {p.number for p in pending}
    # a second batch over the same period declares nothing again
    async with as_actor(db_session, platform_admin):
        again = await declarations.create_batch(db_session, platform_admin, registry, start, end)
    assert again.batch is None
    assert [i.number for i in again.incomplete if i.number in ours] == [nina.number]


async def test_the_certificates_near_their_three_month_limit_are_flagged(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    platform_admin: Actor,
    registry: CertificationRegistry,
) -> None:
    certificate = await issue(db_session, greta, platform_admin, registry, greta_site, "Léa")
    issued_on = certificate.issued_at.astimezone(dt.UTC).date()
    async with as_actor(db_session, platform_admin):
        soon = await declarations.pending(
            db_session, platform_admin, issued_on + dt.timedelta(days=70)
        )
        early = await declarations.pending(db_session, platform_admin, issued_on)
        late = await declarations.pending(
            db_session, platform_admin, issued_on + dt.timedelta(days=100)
        )
    [mine] = [p for p in soon if p.number == certificate.number]
    assert mine.deadline == declarations.add_months(issued_on, 3)
    assert (mine.approaching, mine.overdue) == (True, False)
    [mine] = [p for p in early if p.number == certificate.number]
    assert (mine.approaching, mine.overdue) == (False, False)
    [mine] = [p for p in late if p.number == certificate.number]
    assert (mine.approaching, mine.overdue) == (False, True)


async def test_a_period_ending_before_it_starts_is_refused_and_only_certifpro_declares(
    db_session: AsyncSession, greta: Actor, platform_admin: Actor, registry: CertificationRegistry
) -> None:
    today = utcnow().date()
    with pytest.raises(DeclarationError) as refused:
        await declarations.create_batch(
            db_session, platform_admin, registry, today, today - dt.timedelta(days=1)
        )
    assert refused.value.code == DeclarationErrorCode.INVALID_PERIOD
    with pytest.raises(AccessDeniedError):
        await declarations.create_batch(db_session, greta, registry, today, today)
    with pytest.raises(AccessDeniedError):
        await declarations.pending(db_session, greta, today)

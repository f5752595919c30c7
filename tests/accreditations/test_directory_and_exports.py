"""The public directory lists valid accreditations only; Certif'Pro exports registry and fees."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations import directory, exports
from clea_platform.accreditations.models import Accreditation, AccreditationStatus
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.models import Organisation, OrganisationStatus
from clea_platform.tenants.scoping import cross_tenant_reads

TODAY = dt.date.today()


async def find(session: AsyncSession, **filters: str) -> list[str]:
    page = await directory.search(
        session, directory.DirectoryFilter(**filters), today=TODAY, first=50, after=None
    )
    return [entry.site.siret for entry in page.items]


async def test_anyone_finds_accredited_sites_by_postal_code_departement_and_region(
    db_session: AsyncSession, platform_admin: Actor
) -> None:
    with acting_as(Actor()):
        assert await find(db_session, postal_code="75003") == ["13002526500013"]
        assert await find(db_session, postal_code="59") == ["82404926600014"]
        assert await find(db_session, departement="59") == ["82404926600014"]
        assert await find(db_session, region="Île-de-France") == ["13002526500013"]
        assert set(await find(db_session, certification_code="CLEA_NUMERIQUE")) >= {
            "13002526500013",
            "82404926600014",
        }
        page = await directory.search(
            db_session,
            directory.DirectoryFilter(postal_code="75003"),
            today=TODAY,
            first=10,
            after=None,
        )
    entry = page.items[0]
    assert entry.organisation.name == "Greta démo Paris Centre"
    assert entry.site.contact_email == "accueil@greta-demo.fr"
    assert "CLEA" in entry.certification_codes


async def test_suspended_expired_or_pending_are_not_listed(
    db_session: AsyncSession, platform_admin: Actor
) -> None:
    async with cross_tenant_reads(db_session, "tests"):
        await db_session.execute(
            update(Accreditation)
            .where(Accreditation.certification_code == "CLEA")
            .values(status=AccreditationStatus.SUSPENDED)
        )
        await db_session.execute(
            update(Accreditation)
            .where(Accreditation.certification_code == "CLEA_NUMERIQUE")
            .values(valid_until=TODAY - dt.timedelta(days=1))
        )
        await db_session.execute(
            update(Organisation)
            .where(Organisation.slug == "afpa-demo-lille")
            .values(status=OrganisationStatus.SUSPENDED)
        )
    with acting_as(Actor()):
        assert await find(db_session, certification_code="CLEA") == []
        assert await find(db_session, certification_code="CLEA_NUMERIQUE") == []
        # (other tests may have accredited organisations of their own: the demo sites are checked)
        management = await find(db_session, certification_code="CLEA_MANAGEMENT")
        assert "13002526500013" in management
        assert "82404926600014" not in management  # the suspended Afpa


async def test_the_registry_and_fees_exports_are_french_csv(
    db_session: AsyncSession, platform_admin: Actor, registry: CertificationRegistry
) -> None:
    with acting_as(platform_admin):
        registry_csv = await exports.registry_csv(db_session, platform_admin, TODAY)
        lines = await exports.fee_lines(
            db_session,
            platform_admin,
            registry,
            since=dt.date(2025, 1, 1),
            until=dt.date(2025, 12, 31),
        )
    rows = registry_csv.lstrip("\ufeff").splitlines()
    assert rows[0].startswith("organisme;siren;reseau;etablissement;siret")
    assert any("Greta démo Paris Centre;130025265;greta" in row and ";CLEA;" in row for row in rows)
    assert any("Sophie Leroy" in row for row in rows[1:])
    applications = [line for line in lines if line.subject == "candidature"]
    sites = [line for line in lines if line.subject == "établissements habilités"]
    # Both demo applications of 2025 are billed (other tests may have committed more).
    assert {"130025265", "824049266"} <= {line.siren for line in applications}
    assert all(line.unit_cents == 30000 for line in applications)
    assert all(line.quantity == 1 and line.amount_cents == 15000 for line in sites)
    csv_text = exports.fees_csv(lines)
    assert "300,00;300,00" in csv_text


def test_a_postal_code_prefix_is_a_range_of_codes() -> None:
    assert directory.postal_code_range("69") == ("69", "70")
    assert directory.postal_code_range(" 099 ") == ("099", "100")
    assert directory.postal_code_range("99") == ("99", None)
    assert directory.postal_code_range("75003") == ("75003", "75004")
    assert directory.postal_code_range("6a") is None
    assert directory.postal_code_range("123456") is None


async def test_a_search_pages_through_every_match_and_counts_them_all(
    db_session: AsyncSession, platform_admin: Actor
) -> None:
    with acting_as(Actor()):
        everything = await directory.search(
            db_session, directory.DirectoryFilter(), today=TODAY, first=50, after=None
        )
        first = await directory.search(
            db_session, directory.DirectoryFilter(), today=TODAY, first=1, after=None
        )
        second = await directory.search(
            db_session, directory.DirectoryFilter(), today=TODAY, first=1, after=first.end_cursor
        )
        not_a_code = await directory.search(
            db_session,
            directory.DirectoryFilter(postal_code="Lyon"),
            today=TODAY,
            first=10,
            after=None,
        )
    assert everything.total_count == len(everything.items) >= 2
    assert first.total_count == second.total_count == everything.total_count
    assert first.has_next_page is True
    assert [e.site.siret for e in [*first.items, *second.items]] == [
        e.site.siret for e in everything.items[:2]
    ]
    assert (not_a_code.total_count, not_a_code.items) == (0, [])

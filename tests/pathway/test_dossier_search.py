"""The dossier list's search on candidate names: the same answers on SQLite (``LIKE``) and on
PostgreSQL (the name index kept by triggers, ``CandidateNameSuffix``)."""

from __future__ import annotations

from collections import defaultdict

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.candidates.models import Candidate, CandidateNameSuffix, name_suffixes
from clea_platform.candidates.service import anonymise
from clea_platform.dossiers import service
from clea_platform.pathway import listing
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Site
from tests.databases import engine_under_test
from tests.dossiers.conftest import Pathway, opening

PEOPLE = (
    ("Dupont", "Léa"),
    ("Dupontel", "Marc Antoine"),
    ("Da Silva", "Inès"),
    ("Lefèvre", "Jean-Pierre"),
    ("Nguyễn", "Thị Lan"),
)


@pytest.fixture
async def candidates(
    db_session: AsyncSession,
    greta: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    pathway: Pathway,
) -> dict[str, Candidate]:
    """One CléA dossier for each of ``PEOPLE``, by birth name."""
    created = {}
    for birth_name, first_names in PEOPLE:
        candidate = await pathway.candidate(birth_name=birth_name, first_names=first_names)
        await service.open_dossier(db_session, greta, registry, opening(candidate, greta_site))
        created[birth_name] = candidate
    return created


async def found(
    session: AsyncSession, search: str, among: dict[str, Candidate] | None = None
) -> list[str]:
    """The birth names found among ``among`` (the Greta's candidates of other tests, saved
    in the shared database, may match too: they are not this test's)."""
    listed = await listing.list_dossiers(
        session, listing.DossierFilters(search=search), first=100, after=None
    )
    assert listed.page.total_count == len(listed.page.items)
    assert sum(listed.counts_by_status.values()) == listed.page.total_count
    ours = {c.id for c in (among or {}).values()}
    names = {c.id: c.birth_name for c in await session.scalars(select(Candidate))}
    listed_ids = [row.dossier.candidate_id for row in listed.page.items]
    return sorted(names[candidate_id] for candidate_id in listed_ids if candidate_id in ours)


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("dupont", ["Dupont", "Dupontel"]),  # a name, and a longer one starting with it
        ("PONT", ["Dupont", "Dupontel"]),  # inside a name, any case
        ("pontel", ["Dupontel"]),
        ("léa dupont", ["Dupont"]),  # every word, in any of the names, accents folded
        ("lea", ["Dupont"]),
        ("antoine marc", ["Dupontel"]),
        ("pierre", ["Lefèvre"]),  # a part of a hyphenated name
        ("jean-pierre", ["Lefèvre"]),
        ("silva", ["Da Silva"]),
        ("da", ["Da Silva"]),  # a word too short for the index
        ("da ines", ["Da Silva"]),
        ("nguyen lan", ["Nguyễn"]),
        ("dupont lefevre", []),  # two people: nobody
        ("zzz", []),
    ],
)
async def test_the_dossier_list_finds_candidates_by_any_part_of_their_names(
    db_session: AsyncSession, candidates: dict[str, Candidate], search: str, expected: list[str]
) -> None:
    assert await found(db_session, search, candidates) == expected


async def test_renamed_and_anonymised_candidates_are_found_by_their_new_names_only(
    db_session: AsyncSession, greta: Actor, candidates: dict[str, Candidate]
) -> None:
    # Given a candidate renamed (a bulk UPDATE, as a script would) and one anonymised
    await db_session.execute(
        update(Candidate)
        .where(Candidate.id == candidates["Lefèvre"].id)
        .values(search_text="lefevre-martin jean-pierre")
    )
    await anonymise(db_session, greta, candidates["Dupont"])
    await db_session.flush()

    # Then the search follows
    assert await found(db_session, "martin", candidates) == ["Lefèvre"]
    assert await found(db_session, "dupont", candidates) == ["Dupontel"]
    assert await found(db_session, "lea", candidates) == []


@pytest.mark.skipif(engine_under_test() != "postgresql", reason="triggers: PostgreSQL")
async def test_postgresql_triggers_index_every_suffix_of_every_name(
    db_session: AsyncSession, greta: Actor, candidates: dict[str, Candidate]
) -> None:
    await anonymise(db_session, greta, candidates["Da Silva"])
    await db_session.flush()

    indexed: dict[object, set[str]] = defaultdict(set)
    for candidate_id, suffix in await db_session.execute(
        select(CandidateNameSuffix.candidate_id, CandidateNameSuffix.suffix)
    ):
        indexed[candidate_id].add(suffix.decode())
    candidates_now = await db_session.scalars(select(Candidate))
    assert {c.id: name_suffixes(c.search_text) for c in candidates_now if c.search_text} == dict(
        indexed
    )

"""Rules for storing, publishing and reading référentiel versions.

A version's items are written once and never change: dossiers pin the version they
were opened with. Publishing a version retires the one published before it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.core.errors import CleaError
from clea_platform.db.base import utcnow
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.referentiels.document import (
    Problem,
    ReferentielDocument,
    ReferentielFileError,
)
from clea_platform.referentiels.models import (
    Referentiel,
    ReferentielItem,
    ReferentielVersion,
    VersionSource,
    VersionStatus,
)
from clea_platform.referentiels.tree import FlatNode, ReferentielTree, build_tree


class ReferentielNotFoundError(CleaError):
    """The certification or the version asked for does not exist."""

    def __init__(self, message: str, *, unknown_certification: bool) -> None:
        super().__init__(message)
        self.unknown_certification = unknown_certification


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What a sync of the bundled référentiels did, per certification code."""

    added: tuple[str, ...]
    unchanged: tuple[str, ...]


async def sync_bundled_referentiels(
    session: AsyncSession, registry: CertificationRegistry
) -> SyncReport:
    """Store and publish each plugin's bundled référentiel unless that version exists.

    Idempotent: running it again, or from several processes at once, adds nothing twice.
    """
    added, unchanged = [], []
    for certification in registry:
        document = certification.bundled_referentiel
        referentiel = await _get_or_create_referentiel(session, document)
        if await _find_version(session, referentiel.id, document.version) is not None:
            unchanged.append(certification.code)
            continue
        try:
            async with session.begin_nested():
                await _store_version(
                    session, referentiel, document, VersionSource.BUNDLED, publish=True
                )
        except IntegrityError:
            # Another process stored the same version between our check and insert.
            unchanged.append(certification.code)
            continue
        added.append(certification.code)
    return SyncReport(added=tuple(added), unchanged=tuple(unchanged))


async def import_referentiel(
    session: AsyncSession,
    registry: CertificationRegistry,
    document: ReferentielDocument,
    *,
    source: str,
    publish: bool = False,
) -> ReferentielVersion:
    """Store a validated document as a new version (a draft unless ``publish``).

    Raises :class:`ReferentielFileError` if the certification is unknown, its plugin
    refuses the scoring parameters, or the version label is already used.
    """
    problems = await import_problems(session, registry, document)
    if problems:
        raise ReferentielFileError(source, problems)
    existing = await session.scalar(
        select(Referentiel).where(Referentiel.certification_code == document.certification_code)
    )
    referentiel = existing or await _get_or_create_referentiel(session, document)
    return await _store_version(
        session, referentiel, document, VersionSource.IMPORTED, publish=publish
    )


async def import_problems(
    session: AsyncSession, registry: CertificationRegistry, document: ReferentielDocument
) -> list[Problem]:
    """Why a valid document cannot be stored: an unknown certification, scoring parameters
    its plugin refuses, a version label already used. Empty when it can."""
    if document.certification_code not in registry:
        known = ", ".join(registry.codes())
        return [
            Problem(
                "$.certification.code",
                f"certification « {document.certification_code} » inconnue (installées : {known})",
            )
        ]
    certification = registry.get(document.certification_code)
    problems = [
        Problem("$.scoring", reason)
        for reason in certification.scoring.parameter_problems(document.tree.scoring_parameters)
    ]
    existing = await session.scalar(
        select(Referentiel).where(Referentiel.certification_code == document.certification_code)
    )
    if existing is not None and await _find_version(session, existing.id, document.version):
        problems.append(
            Problem(
                "$.version",
                f"la version « {document.version} » existe déjà pour {document.certification_code}",
            )
        )
    return problems


async def versions_of(session: AsyncSession, certification_code: str) -> list[ReferentielVersion]:
    """Every stored version of a certification's référentiel, the newest first."""
    rows = await session.scalars(
        select(ReferentielVersion)
        .join(Referentiel, ReferentielVersion.referentiel_id == Referentiel.id)
        .where(Referentiel.certification_code == certification_code)
        .order_by(ReferentielVersion.created_at.desc())
    )
    return list(rows)


async def publish_version(session: AsyncSession, version: ReferentielVersion) -> None:
    """Make ``version`` the one new dossiers use; the previously published one is retired."""
    published = await session.scalars(
        select(ReferentielVersion).where(
            ReferentielVersion.referentiel_id == version.referentiel_id,
            ReferentielVersion.status == VersionStatus.PUBLISHED,
            ReferentielVersion.id != version.id,
        )
    )
    for previous in published:
        previous.status = VersionStatus.RETIRED
    version.status = VersionStatus.PUBLISHED
    version.published_at = utcnow()
    await session.flush()


async def installed_version(
    session: AsyncSession,
    registry: CertificationRegistry,
    certification_code: str,
    label: str | None = None,
) -> ReferentielVersion:
    """Like :func:`get_version`, for a certification an installed plugin provides.

    A certification whose plugin is gone may still have versions stored: it is unknown
    all the same.
    """
    if certification_code not in registry:
        raise ReferentielNotFoundError(
            f"Certification inconnue : « {certification_code} ».", unknown_certification=True
        )
    return await get_version(session, certification_code, label)


async def get_version(
    session: AsyncSession, certification_code: str, label: str | None = None
) -> ReferentielVersion:
    """The version ``label`` of a certification, or its published one when ``label`` is None.

    One statement: the référentiel and the version asked for, outer-joined (no version:
    the référentiel's id alone, to tell an unknown certification from an unknown version).
    """
    if label is None:
        wanted = ReferentielVersion.status == VersionStatus.PUBLISHED
    else:
        wanted = ReferentielVersion.label == label
    row = (
        await session.execute(
            select(Referentiel.id, ReferentielVersion)
            .outerjoin(
                ReferentielVersion,
                and_(ReferentielVersion.referentiel_id == Referentiel.id, wanted),
            )
            .where(Referentiel.certification_code == certification_code)
            .limit(1)
        )
    ).first()
    if row is None:
        raise ReferentielNotFoundError(
            f"Aucun référentiel pour la certification « {certification_code} ».",
            unknown_certification=True,
        )
    version: ReferentielVersion | None = row[1]
    if version is None:
        what = f"de version « {label} »" if label else "de version publiée"
        raise ReferentielNotFoundError(
            f"La certification « {certification_code} » n'a pas {what}.",
            unknown_certification=False,
        )
    return version


async def published_versions(
    session: AsyncSession, certification_codes: Sequence[str]
) -> dict[str, ReferentielVersion]:
    """The published version of each certification code that has one, in one query."""
    rows = await session.execute(
        select(Referentiel.certification_code, ReferentielVersion)
        .join(ReferentielVersion, ReferentielVersion.referentiel_id == Referentiel.id)
        .where(
            Referentiel.certification_code.in_(certification_codes),
            ReferentielVersion.status == VersionStatus.PUBLISHED,
        )
    )
    return {code: version for code, version in rows}


@dataclass(frozen=True, slots=True)
class StoredItem:
    """A stored node of a version, detached from the session (versions never change)."""

    code: str
    title: str
    depth: int
    position: int
    parent_code: str | None
    is_leaf: bool
    provisional: bool


# A version's items are written once and never updated, so they can be kept in
# memory: the référentiel tree is read on every evaluation screen.
_items_cache: dict[uuid.UUID, tuple[StoredItem, ...]] = {}
ITEMS_CACHE_SIZE = 64


async def items_of_versions(
    session: AsyncSession, version_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, tuple[StoredItem, ...]]:
    """Every item of each version, in depth-first order; at most one query."""
    found = {vid: _items_cache[vid] for vid in version_ids if vid in _items_cache}
    missing = [vid for vid in version_ids if vid not in found]
    if not missing:
        return found
    grouped: dict[uuid.UUID, list[StoredItem]] = {vid: [] for vid in missing}
    rows = await session.execute(
        select(
            ReferentielItem.version_id,
            ReferentielItem.code,
            ReferentielItem.title,
            ReferentielItem.depth,
            ReferentielItem.position,
            ReferentielItem.parent_code,
            ReferentielItem.is_leaf,
            ReferentielItem.provisional,
        )
        .where(ReferentielItem.version_id.in_(missing))
        .order_by(ReferentielItem.version_id, ReferentielItem.sequence)
    )
    for version_id, code, title, depth, position, parent_code, is_leaf, provisional in rows:
        grouped[version_id].append(
            StoredItem(code, title, depth, position, parent_code, is_leaf, provisional)
        )
    for version_id, items in grouped.items():
        if items:  # an empty result may be a version still being written
            if len(_items_cache) >= ITEMS_CACHE_SIZE:
                _items_cache.pop(next(iter(_items_cache)))
            _items_cache[version_id] = tuple(items)
        found[version_id] = tuple(items)
    return found


async def level_counts_of_versions(
    session: AsyncSession, version_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[int, int]]:
    """Number of items per depth for each version, in one query."""
    counts: dict[uuid.UUID, dict[int, int]] = {version_id: {} for version_id in version_ids}
    rows = await session.execute(
        select(ReferentielItem.version_id, ReferentielItem.depth, func.count())
        .where(ReferentielItem.version_id.in_(version_ids))
        .group_by(ReferentielItem.version_id, ReferentielItem.depth)
    )
    for version_id, depth, count in rows:
        counts[version_id][depth] = count
    return counts


def tree_of(version: ReferentielVersion, items: Sequence[StoredItem]) -> ReferentielTree:
    """The scoring tree of a stored version."""
    return build_tree(
        tuple(version.levels),
        [
            FlatNode(
                code=item.code,
                title=item.title,
                depth=item.depth,
                position=item.position,
                parent_code=item.parent_code,
                provisional=item.provisional,
            )
            for item in items
        ],
        version.scoring,
    )


async def _get_or_create_referentiel(
    session: AsyncSession, document: ReferentielDocument
) -> Referentiel:
    referentiel = await session.scalar(
        select(Referentiel).where(Referentiel.certification_code == document.certification_code)
    )
    if referentiel is None:
        referentiel = Referentiel(
            certification_code=document.certification_code,
            title=document.certification_title,
            certifier=document.certifier,
        )
        try:
            async with session.begin_nested():
                session.add(referentiel)
        except IntegrityError:
            referentiel = await session.scalar(
                select(Referentiel).where(
                    Referentiel.certification_code == document.certification_code
                )
            )
            assert referentiel is not None
    return referentiel


async def _find_version(
    session: AsyncSession, referentiel_id: uuid.UUID, label: str
) -> ReferentielVersion | None:
    return await session.scalar(
        select(ReferentielVersion).where(
            ReferentielVersion.referentiel_id == referentiel_id,
            ReferentielVersion.label == label,
        )
    )


async def _store_version(
    session: AsyncSession,
    referentiel: Referentiel,
    document: ReferentielDocument,
    source: VersionSource,
    *,
    publish: bool,
) -> ReferentielVersion:
    version = ReferentielVersion(
        referentiel_id=referentiel.id,
        label=document.version,
        status=VersionStatus.DRAFT,
        provisional=document.provisional,
        levels=list(document.tree.levels),
        scoring=dict(document.tree.scoring_parameters),
        counts_official=dict(document.counts_official),
        notes=list(document.notes),
        provenance=list(document.provenance),
        leaf_rule=document.leaf_rule,
        source=source,
        source_sha256=document.sha256,
    )
    session.add(version)
    await session.flush()
    rows: list[dict[str, Any]] = [
        {
            "version_id": version.id,
            "code": node.code,
            "parent_code": node.parent_code,
            "title": node.title,
            "depth": node.depth,
            "position": node.position,
            "sequence": sequence,
            "is_leaf": node.is_leaf,
            "provisional": node.provisional,
        }
        for sequence, node in enumerate(document.tree.walk())
    ]
    await session.execute(insert(ReferentielItem), rows)
    if publish:
        await publish_version(session, version)
    return version

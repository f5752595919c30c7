"""Certif'Pro manages référentiel versions from its screens: preview a file against the
published version, import it as a draft, publish it, or discard a draft.

The checks are those of ``clea referentiel import`` (the file's format, then
:func:`~clea_platform.referentiels.service.import_problems`); each problem keeps its JSON
path in its French message. A published version is never discarded: new dossiers need
one, so it is replaced by publishing its successor (which retires it); dossiers keep the
version they were opened with whatever happens to it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.core.errors import DomainError, InvalidFormError
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.referentiels import service
from clea_platform.referentiels.document import (
    Problem,
    ReferentielDocument,
    ReferentielFileError,
    parse_referentiel,
)
from clea_platform.referentiels.models import ReferentielVersion, VersionStatus
from clea_platform.tenants.context import Actor
from clea_platform.tenants.permissions import PLATFORM_ADMIN

#: Where the file came from, as the refusals name it.
UPLOADED = "fichier envoyé"


class ReferentielErrorCode(enum.Enum):
    INVALID_INPUT = "invalid_input"
    INVALID_FILE = "invalid_file"
    NOT_FOUND = "not_found"
    NOT_A_DRAFT = "not_a_draft"


class ReferentielError(DomainError):
    """A référentiel version cannot be imported, published or discarded."""

    code: ReferentielErrorCode


@dataclass(frozen=True, slots=True)
class ItemChange:
    """A node of the tree added, removed or renamed (``previous_title`` for a rename)."""

    code: str
    title: str
    previous_title: str | None = None


@dataclass(frozen=True, slots=True)
class VersionDiff:
    """What a version changes from the certification's published one."""

    certification_code: str
    version: str
    base_version: str | None
    added: tuple[ItemChange, ...]
    removed: tuple[ItemChange, ...]
    renamed: tuple[ItemChange, ...]


def diff_items(
    base: Iterable[tuple[str, str]], new: Iterable[tuple[str, str]]
) -> tuple[tuple[ItemChange, ...], tuple[ItemChange, ...], tuple[ItemChange, ...]]:
    """Nodes added, removed and renamed, matched by code, each in the new (or old) order."""
    before = dict(base)
    after = dict(new)
    added = tuple(ItemChange(code, title) for code, title in after.items() if code not in before)
    removed = tuple(ItemChange(code, title) for code, title in before.items() if code not in after)
    renamed = tuple(
        ItemChange(code, title, previous_title=before[code])
        for code, title in after.items()
        if code in before and before[code] != title
    )
    return added, removed, renamed


async def preview_version(
    session: AsyncSession, actor: Actor, registry: CertificationRegistry, text: str
) -> VersionDiff:
    """Validate an uploaded file and compare it with the published version; stores nothing."""
    PLATFORM_ADMIN.check(actor, writes=True)
    document = await _importable(session, registry, text)
    return await _diff(session, document)


async def import_version(
    session: AsyncSession, actor: Actor, registry: CertificationRegistry, text: str
) -> tuple[ReferentielVersion, VersionDiff]:
    """Store an uploaded file as a draft version (published later, on purpose)."""
    PLATFORM_ADMIN.check(actor, writes=True)
    document = await _importable(session, registry, text)
    diff = await _diff(session, document)
    version = await service.import_referentiel(
        session, registry, document, source=UPLOADED, publish=False
    )
    audit.record(session, actor, "referentiel.import", [version.id])
    return version, diff


async def publish(
    session: AsyncSession, actor: Actor, certification_code: str, label: str
) -> ReferentielVersion:
    """Make a draft the version new dossiers use; the one published before is retired."""
    PLATFORM_ADMIN.check(actor, writes=True)
    version = await _draft(session, certification_code, label)
    await service.publish_version(session, version)
    audit.record(session, actor, "referentiel.publish", [version.id])
    return version


async def discard(
    session: AsyncSession, actor: Actor, certification_code: str, label: str
) -> ReferentielVersion:
    """Retire a draft that will not be published (it stays listed, as retired)."""
    PLATFORM_ADMIN.check(actor, writes=True)
    version = await _draft(session, certification_code, label)
    version.status = VersionStatus.RETIRED
    await session.flush()
    audit.record(session, actor, "referentiel.discard", [version.id])
    return version


async def versions(
    session: AsyncSession, actor: Actor, certification_code: str
) -> list[ReferentielVersion]:
    """Every version of a certification's référentiel, drafts included, newest first."""
    PLATFORM_ADMIN.check(actor)
    return await service.versions_of(session, certification_code)


async def _importable(
    session: AsyncSession, registry: CertificationRegistry, text: str
) -> ReferentielDocument:
    try:
        document = parse_referentiel(text, source=UPLOADED)
    except ReferentielFileError as exc:
        raise _refused(exc.problems) from None
    problems = await service.import_problems(session, registry, document)
    if problems:
        raise _refused(problems)
    return document


def _refused(problems: list[Problem]) -> InvalidFormError:
    return InvalidFormError(
        [
            ReferentielError(
                ReferentielErrorCode.INVALID_FILE, f"{problem} — rien n'est enregistré."
            )
            for problem in problems
        ]
    )


async def _diff(session: AsyncSession, document: ReferentielDocument) -> VersionDiff:
    try:
        published = await service.get_version(session, document.certification_code)
    except service.ReferentielNotFoundError:
        published = None
    base: list[tuple[str, str]] = []
    if published is not None:
        items = (await service.items_of_versions(session, [published.id]))[published.id]
        base = [(item.code, item.title) for item in items]
    added, removed, renamed = diff_items(
        base, ((node.code, node.title) for node in document.tree.walk())
    )
    return VersionDiff(
        certification_code=document.certification_code,
        version=document.version,
        base_version=published.label if published is not None else None,
        added=added,
        removed=removed,
        renamed=renamed,
    )


async def _draft(session: AsyncSession, certification_code: str, label: str) -> ReferentielVersion:
    try:
        version = await service.get_version(session, certification_code, label)
    except service.ReferentielNotFoundError as exc:
        raise ReferentielError(
            ReferentielErrorCode.NOT_FOUND, exc.message, field="version"
        ) from None
    if version.status != VersionStatus.DRAFT:
        state = "publiée" if version.status == VersionStatus.PUBLISHED else "retirée"
        raise ReferentielError(
            ReferentielErrorCode.NOT_A_DRAFT,
            f"La version « {label} » est déjà {state} : seul un brouillon peut être publié ou "
            "abandonné. Pour remplacer la version publiée, importez-en une nouvelle puis "
            "publiez-la.",
            field="version",
        )
    return version

"""Hook specifications: everything a certification plugin can contribute.

This module is the plugin contract (``docs/plugins.md`` documents each hook, and a
test checks the two agree). Plugins are found through the entry-point group
``clea_platform.certifications``; the three built-in certifications register
through it exactly as an outside package would. The platform's own rules (accreditation)
implement hooks too, registered in code (``registry.DEFAULT_PLUGINS``).

A plugin is a module with functions decorated by :data:`hookimpl`; everything it needs is
importable from :mod:`clea_platform.plugins`::

    from clea_platform.plugins import Certification, hookimpl

    @hookimpl
    def clea_register_certifications():
        return [Certification(code="CLEA_LANGUES", ...)]
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Sequence

import pluggy
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.plugins.certification import Certification

PROJECT_NAME = "clea_platform"
ENTRY_POINT_GROUP = "clea_platform.certifications"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def clea_register_certifications() -> Sequence[Certification]:
    """Return the certifications this plugin provides.

    Called once when the platform starts. Each :class:`Certification` carries its
    code, titles, bundled référentiel file, result scale, scoring rule and limits.
    Codes must be unique across all plugins; the bundled référentiel's
    ``certification.code`` must equal the certification's code.

    Example:
        >>> @hookimpl
        ... def clea_register_certifications():
        ...     return [Certification(code="CLEA_LANGUES", title="CléA langues", ...)]
    """
    raise NotImplementedError


@hookspec
def clea_dossier_opening_problems(
    session: AsyncSession, organisation_id: uuid.UUID, certification_code: str, site_id: uuid.UUID
) -> Awaitable[Sequence[str]] | None:
    """Say why an organisation may not open a dossier for a certification at a site.

    Called when an adviser opens a dossier, inside the request's transaction (``session``
    is its ``AsyncSession``). Return an awaitable of French reasons (empty: no
    objection), or ``None`` when the hook has no opinion. Every implementation is
    consulted; any reason refuses the opening and is shown to the adviser. This is
    where accreditation (habilitation) is enforced.

    Example:
        >>> @hookimpl
        ... def clea_dossier_opening_problems(session, organisation_id, certification_code,
        ...                                   site_id):
        ...     async def check():
        ...         return [] if await is_accredited(...) else ["Habilitation expirée."]
        ...     return check()
    """
    raise NotImplementedError


@hookspec
def clea_evaluation_problems(
    session: AsyncSession,
    organisation_id: uuid.UUID,
    certification_code: str,
    site_id: uuid.UUID,
    evaluator_id: uuid.UUID,
) -> Awaitable[Sequence[str]] | None:
    """Say why an evaluator may not evaluate a certification at a site.

    Called when a sitting of an evaluation is planned (``evaluator_id`` is the planned
    evaluator) and when results are recorded (the evaluator recording them), inside the
    request's transaction. Return an awaitable of French reasons (empty: no objection),
    or ``None`` when the hook has no opinion. Any reason refuses the action. The
    platform's accreditation rules implement it (valid accreditation, named evaluator).

    Example:
        >>> @hookimpl
        ... def clea_evaluation_problems(session, organisation_id, certification_code,
        ...                              site_id, evaluator_id):
        ...     return None  # no opinion
    """
    raise NotImplementedError

"""Hook specifications: everything a certification plugin can contribute.

This module is the plugin contract (``docs/plugins.md`` documents each hook, and a
test checks the two agree). Plugins are found through the entry-point group
``clea_platform.certifications``; the three built-in certifications register
through it exactly as an outside package would. The platform's own rules (accreditation)
implement hooks too, registered in code (``registry.DEFAULT_PLUGINS``).

Two kinds of hooks: those a plugin *contributes* through (certifications, refusals: called
inside the request's transaction) and the *lifecycle* hooks it is told through (a dossier's
move, an evaluation closed, a final jury decision, a certificate issued: called after the
commit, see :mod:`clea_platform.plugins.lifecycle`).

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


# --- lifecycle hooks: told what happened, once it has committed (plugins/lifecycle.py) ---


@hookspec
def clea_dossier_status_changed(
    organisation_id: uuid.UUID,
    dossier_id: uuid.UUID,
    certification_code: str,
    previous_status: str | None,
    status: str,
) -> None:
    """Hear that a dossier moved from one status to another.

    Called once the transaction that moved it has committed, for every move: the opening
    (``previous_status`` is ``None``, ``status`` is ``"opened"``), each step of the pathway,
    an abandonment, an expiry, and a move made by an amended jury decision. Statuses are the
    state machine's values (``"opened"``, ``"initial_evaluation"``, ``"training"``,
    ``"final_evaluation"``, ``"ready_for_jury"``, ``"submitted_to_jury"``, ``"certified"``,
    ``"not_certified"``, ``"abandoned"``, ``"expired"``). The return value is ignored; an
    exception is logged and changes nothing.

    Example:
        >>> @hookimpl
        ... def clea_dossier_status_changed(dossier_id, status):
        ...     print(dossier_id, status)
    """
    raise NotImplementedError


@hookspec
def clea_evaluation_closed(
    organisation_id: uuid.UUID,
    dossier_id: uuid.UUID,
    evaluation_id: uuid.UUID,
    certification_code: str,
    kind: str,
    eligible: bool,
    gaps: Sequence[str],
) -> None:
    """Hear that an evaluation was closed and scored.

    Called once the transaction that closed it has committed. ``kind`` is ``"initial"``
    (évaluation préalable) or ``"final"`` (évaluation finale); ``eligible`` says whether
    the dossier goes to the jury, ``gaps`` lists the item codes not acquired, in
    référentiel order. The return value is ignored; an exception is logged and changes
    nothing.

    Example:
        >>> @hookimpl
        ... def clea_evaluation_closed(evaluation_id, eligible, gaps):
        ...     print(evaluation_id, eligible, len(gaps))
    """
    raise NotImplementedError


@hookspec
def clea_decision_recorded(
    organisation_id: uuid.UUID,
    dossier_id: uuid.UUID,
    decision_id: uuid.UUID,
    jury_session_id: uuid.UUID,
    certification_code: str,
    outcome: str,
    amends_id: uuid.UUID | None,
) -> None:
    """Hear that a jury decision on a dossier became final.

    Called once the transaction has committed, when the jury session closes (once per
    decision it freezes) and when an amendment corrects a frozen decision (``amends_id``
    is then the decision it corrects). A decision entered while the session is open may
    still be replaced, so it is not announced until the session closes. ``outcome`` is
    ``"certified"``, ``"not_certified"``, ``"postponed"``, ``"absent"`` or ``"excused"``.
    The return value is ignored; an exception is logged and changes nothing.

    Example:
        >>> @hookimpl
        ... def clea_decision_recorded(dossier_id, outcome, amends_id):
        ...     print(dossier_id, outcome, amends_id)
    """
    raise NotImplementedError


@hookspec
def clea_certificate_issued(
    organisation_id: uuid.UUID,
    dossier_id: uuid.UUID,
    certificate_id: uuid.UUID,
    certification_code: str,
    number: str,
    verification_code: str,
) -> None:
    """Hear that a certificate was numbered, signed and stored.

    Called once the transaction that issued it has committed (the background issuance of
    a closed session, or an amendment that certifies), once per certificate: a second
    request for the same dossier returns the same certificate and is not announced again.
    ``number`` is the certificate number (``CLEA-2026-000123``), ``verification_code`` the
    code of its public verification page (``/verify/<code>``). The return value is
    ignored; an exception is logged and changes nothing.

    Example:
        >>> @hookimpl
        ... def clea_certificate_issued(number, verification_code):
        ...     print(number, verification_code)
    """
    raise NotImplementedError


@hookspec
def clea_certificate_revoked(
    organisation_id: uuid.UUID,
    dossier_id: uuid.UUID,
    certificate_id: uuid.UUID,
    certification_code: str,
    number: str,
    reason: str,
) -> None:
    """Hear that a certificate was revoked.

    Called once the transaction that revoked it has committed: a Certif'Pro administrator
    revoking it, or an amended jury decision withdrawing it. ``number`` is the certificate
    number, ``reason`` the reason given (French free text). The return value is ignored;
    an exception is logged and changes nothing.

    Example:
        >>> @hookimpl
        ... def clea_certificate_revoked(number, reason):
        ...     print(number, reason)
    """
    raise NotImplementedError

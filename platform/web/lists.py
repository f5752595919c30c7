"""The dossier and candidate lists as CSV, streamed: what the screen shows, every page.

``GET /exports/dossiers.csv`` takes the dossier list screen's own URL parameters — ``statut``
(a ``DossierStatus`` name), ``q``, ``certification``, ``site``, ``du``/``au`` (ISO dates),
``tri`` (a ``DossierOrder`` name), ``conseiller``/``evaluateur``/``formateur=moi`` — so the
screen links to its current view. ``GET /exports/candidats.csv`` takes ``q`` and ``tri``
(a ``CandidateOrder`` name). A value the screen would never send is refused (400, in
French), nothing read. Who may export, the audit and the rows are the pathway's
(``pathway/list_exports.py``); this module reads the request and writes the lines.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import AsyncIterator, Sequence
from typing import TypeVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from clea_platform.core.errors import AccessDeniedError, NotAuthenticatedError
from clea_platform.dossiers.states import DossierStatus
from clea_platform.pathway import candidate_list, list_exports, listing
from clea_platform.tenants.context import Actor, current_actor
from clea_platform.web.csv_stream import spreadsheet_csv

E = TypeVar("E", bound=enum.Enum)


class BadParameterError(ValueError):
    """A query parameter the list screen would not send (the message is French)."""


def _refusal(status: int, message: str) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=status)


def _date(request: Request, name: str, label: str) -> dt.date | None:
    value = request.query_params.get(name)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadParameterError(f"{label} invalide : indiquez une date AAAA-MM-JJ.") from None


def _uuid(value: str | None) -> uuid.UUID | None:
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise BadParameterError("Identifiant de site invalide.") from None


def _mine(request: Request, name: str, actor: Actor) -> uuid.UUID | None:
    return actor.user_id if request.query_params.get(name) == "moi" else None


def _dossier_filters(request: Request, actor: Actor) -> listing.DossierFilters:
    params = request.query_params
    status = params.get("statut")
    if status and status not in DossierStatus.__members__:
        raise BadParameterError("Statut inconnu.")
    return listing.DossierFilters(
        statuses=[DossierStatus[status]] if status else [],
        certification_code=params.get("certification") or None,
        site_id=_uuid(params.get("site")),
        adviser_id=_mine(request, "conseiller", actor),
        evaluator_id=_mine(request, "evaluateur", actor),
        trainer_id=_mine(request, "formateur", actor),
        search=(params.get("q") or "")[:255] or None,
        opened_from=_date(request, "du", "Date de début"),
        opened_to=_date(request, "au", "Date de fin"),
    )


def _sort(enum: type[E], request: Request, default: E) -> E:
    chosen = request.query_params.get("tri")
    if not chosen:
        return default
    try:
        return enum[chosen]
    except KeyError:
        raise BadParameterError("Tri inconnu.") from None


def _stream(request: Request, rows: AsyncIterator[Sequence[str]], name: str) -> Response:
    return StreamingResponse(
        spreadsheet_csv(rows, request.state.db_session),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{name}-{dt.date.today()}.csv"',
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


async def dossiers_csv(request: Request) -> Response:
    actor = current_actor()
    try:
        list_exports.check_may_export_dossiers(actor)
        filters = _dossier_filters(request, actor)
        sort = _sort(listing.DossierSort, request, listing.DossierSort.NEWEST_FIRST)
    except NotAuthenticatedError as refusal:
        return _refusal(401, refusal.message)
    except AccessDeniedError as refusal:
        return _refusal(403, refusal.message)
    except BadParameterError as problem:
        return _refusal(400, str(problem))
    rows = list_exports.dossier_rows(
        request.state.db_session, actor, request.app.state.registry, filters, sort
    )
    return _stream(request, rows, "dossiers")


async def candidates_csv(request: Request) -> Response:
    actor = current_actor()
    try:
        list_exports.check_may_export_candidates(actor)
        filters = candidate_list.CandidateFilters(
            search=(request.query_params.get("q") or "")[:255] or None
        )
        sort = _sort(candidate_list.CandidateSort, request, candidate_list.CandidateSort.NAME_ASC)
    except NotAuthenticatedError as refusal:
        return _refusal(401, refusal.message)
    except AccessDeniedError as refusal:
        return _refusal(403, refusal.message)
    except BadParameterError as problem:
        return _refusal(400, str(problem))
    rows = list_exports.candidate_rows(
        request.state.db_session, actor, request.app.state.registry, filters, sort
    )
    return _stream(request, rows, "candidats")


routes = [
    Route("/exports/dossiers.csv", dossiers_csv, methods=["GET"]),
    Route("/exports/candidats.csv", candidates_csv, methods=["GET"]),
]

"""The annual report of one certification: the funnel, the main breakdowns, a short text.

:func:`annual_report_context` reads the figures (the same scope, audit and masking as
the screens); :func:`render_annual_report` turns them into a tagged A4 PDF (WeasyPrint,
``documents/templates/statistics_annual_report.html``). Charts are horizontal bars drawn
in HTML, each followed by its table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.documents.pdf import render_core_pdf
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.statistics import service
from clea_platform.statistics.filters import Dimension, StatisticsFilter
from clea_platform.statistics.masking import THRESHOLD
from clea_platform.statistics.service import Breakdown, FunnelRow
from clea_platform.tenants.context import Actor

REPORT_BREAKDOWNS = (
    Dimension.STATUS_AT_REGISTRATION,
    Dimension.AGE_BAND,
    Dimension.SEX,
    Dimension.PROFESSIONAL_SECTOR,
    Dimension.REGION,
)
FUNNEL_LABELS = (
    ("opened", "Dossiers ouverts"),
    ("initial_completed", "Évaluations préalables réalisées"),
    ("direct_to_jury", "Directement au jury"),
    ("to_training", "Orientés en formation"),
    ("final_completed", "Évaluations finales réalisées"),
    ("submitted", "Présentés au jury"),
    ("certified", "Certifiés"),
    ("not_certified", "Non certifiés"),
    ("abandoned", "Abandons"),
    ("expired", "Délais dépassés"),
)


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    #: None: masked.
    value: int | None
    #: Width of the bar, in per cent of the largest value shown.
    width: float


def _number(value: int | float | None) -> str:
    if value is None:
        return "masqué"
    text = f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"
    return text.replace(",", "\u202f").replace(".", ",").removesuffix(",0")


def _bars(pairs: list[tuple[str, int | None]]) -> list[Bar]:
    largest = max((value for _, value in pairs if value), default=0)
    return [
        Bar(label, value, 0.0 if not value or not largest else round(100 * value / largest, 1))
        for label, value in pairs
    ]


def _share(breakdown: Breakdown, keys: set[str]) -> float | None:
    """Per cent of the opened dossiers in ``keys``; None when a needed cell is masked."""
    if not breakdown.total_opened:
        return None
    cells = [row.opened for row in breakdown.rows if row.key in keys]
    if any(cell is None for cell in cells):
        return None
    return round(100 * sum(cell or 0 for cell in cells) / breakdown.total_opened, 1)


def _summary(title: str, year: int, total: FunnelRow, found: dict[Dimension, Breakdown]) -> str:
    c = total.counts
    text = (
        f"En {year}, {_number(c['opened'])} dossiers {title} ont été ouverts ; "
        f"{_number(c['certified'])} de ces candidats sont certifiés"
    )
    rate = total.rate("certified", "submitted")
    text += f" ({_number(rate)} % des dossiers présentés au jury)." if rate is not None else "."
    jobseekers = _share(found[Dimension.STATUS_AT_REGISTRATION], {"jobseeker"})
    under_30 = _share(found[Dimension.AGE_BAND], {"under_25", "25_29"})
    if jobseekers is not None:
        text += f" {_number(jobseekers)} % étaient demandeurs d'emploi à l'inscription."
    if under_30 is not None:
        text += f" {_number(under_30)} % avaient moins de 30 ans à l'ouverture du dossier."
    return text


async def annual_report_context(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    certification_code: str,
    year: int,
    *,
    today: dt.date,
    reads: AsyncSession | None = None,
) -> dict[str, Any]:
    """The figures of the report (raises ``InvalidFormError`` on a bad request); ``reads``:
    a read replica's session (see ``service.statistics``)."""
    chosen = StatisticsFilter(
        opened_from=dt.date(year, 1, 1),
        opened_to=dt.date(year, 12, 31),
        certification_code=certification_code,
        breakdowns=REPORT_BREAKDOWNS,
    )
    report = await service.statistics(session, actor, registry, chosen, today=today, reads=reads)
    title = registry.get(certification_code).title
    found = {breakdown.dimension: breakdown for breakdown in report.breakdowns}
    total = report.total
    durations = [
        ("Ouverture → évaluation préalable", total.durations["opening_to_initial"]),
        ("Évaluation préalable → jury", total.durations["initial_to_jury"]),
        ("Ouverture → certificat", total.durations["opening_to_certificate"]),
    ]
    return {
        "title": title,
        "year": year,
        "national": report.national,
        "generated_on": today,
        "summary": _summary(title, year, total, found),
        "funnel": _bars([(label, total.counts[key]) for key, label in FUNNEL_LABELS]),
        "durations": [
            (label, _number(d.median_days), _number(d.p90_days), _number(d.dossiers))
            for label, d in durations
        ],
        "breakdowns": [
            {
                "title": breakdown.title,
                "bars": _bars([(row.label, row.opened) for row in breakdown.rows]),
                "total": _number(breakdown.total_opened),
            }
            for breakdown in report.breakdowns
        ],
        "threshold": THRESHOLD,
        "number": _number,
    }


def render_annual_report(context: dict[str, Any]) -> bytes:
    """The PDF (CPU-bound: callers in a request run it in a thread)."""
    return render_core_pdf("statistics_annual_report.html", context)

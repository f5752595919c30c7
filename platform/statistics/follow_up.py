"""« Que sont-ils devenus ? »: the follow-up questionnaires' answers, aggregated and masked.

The questionnaires (``follow_up/``) about the certificates issued in the period, per
certification and wave (6 or 12 months): how many were sent and answered, the situation
of those who answered (in employment with the same or a new employer, in training,
seeking a job) and whether a next certification is planned. Filters apply as to the
funnel (certification, organisation, région and département of the dossier's site,
network). Masked like a breakdown (:mod:`.masking`): within a row the situations are one
column whose total is the answers, the next-certification answers another.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.certificates.models import Certificate
from clea_platform.dossiers.models import Dossier
from clea_platform.follow_up.models import Employer, FollowUpSurvey, Situation
from clea_platform.statistics.filters import StatisticsFilter
from clea_platform.statistics.masking import mask_column
from clea_platform.tenants.models import Organisation, Site

SITUATIONS = ("employed_same", "employed_new", "training", "job_seeking")
PLANS = ("planned", "not_planned", "no_answer")


@dataclass(frozen=True, slots=True)
class FollowUpRow:
    """One certification and wave; ``None`` where a figure is masked."""

    certification_code: str
    wave: int
    sent: int
    answered: int | None
    situations: dict[str, int | None]
    plans: dict[str, int | None]

    @property
    def response_rate(self) -> float | None:
        if self.answered is None or not self.sent:
            return None
        return round(100 * self.answered / self.sent, 1)


def _count(condition: Any) -> Any:
    return func.sum(case((condition, 1), else_=0))


async def follow_up_counts(session: AsyncSession, chosen: StatisticsFilter) -> list[FollowUpRow]:
    """The masked table, one row per certification and wave (tenant scoping applies)."""
    f = FollowUpSurvey
    start = chosen.opened_from
    answered = f.answered_at.is_not(None)
    statement = (
        select(
            f.certification_code,
            f.wave,
            func.count().label("sent"),
            _count(answered).label("answered"),
            _count(and_(f.situation == Situation.EMPLOYED, f.employer == Employer.SAME)),
            _count(and_(f.situation == Situation.EMPLOYED, f.employer == Employer.NEW)),
            _count(f.situation == Situation.TRAINING),
            _count(f.situation == Situation.JOB_SEEKING),
            _count(and_(answered, f.next_certification_planned.is_(True))),
            _count(and_(answered, f.next_certification_planned.is_(False))),
            _count(and_(answered, f.next_certification_planned.is_(None))),
        )
        .join(
            Certificate,
            and_(
                Certificate.organisation_id == f.organisation_id,
                Certificate.id == f.certificate_id,
            ),
        )
        .join(
            Dossier,
            and_(
                Dossier.organisation_id == Certificate.organisation_id,
                Dossier.id == Certificate.dossier_id,
            ),
        )
        .join(
            Site, and_(Site.organisation_id == Dossier.organisation_id, Site.id == Dossier.site_id)
        )
        .join(Organisation, Organisation.id == f.organisation_id)
        .where(Certificate.decided_on >= start, Certificate.decided_on <= chosen.opened_to)
        .group_by(f.certification_code, f.wave)
        .order_by(f.certification_code, f.wave)
    )
    if chosen.certification_code is not None:
        statement = statement.where(f.certification_code == chosen.certification_code)
    if chosen.region is not None:
        statement = statement.where(Site.region == chosen.region)
    if chosen.departement is not None:
        statement = statement.where(Site.departement == chosen.departement)
    if chosen.organisation_id is not None:
        statement = statement.where(f.organisation_id == chosen.organisation_id)
    if chosen.network is not None:
        statement = statement.where(Organisation.network == chosen.network)
    rows = []
    for code, wave, sent, n_answered, *figures in await session.execute(statement):
        situations = [int(x or 0) for x in figures[:4]]
        plans = [int(x or 0) for x in figures[4:]]
        total = int(n_answered or 0)
        masked_situations = mask_column(situations, total)
        masked_plans = mask_column(plans, total)
        visible_total = (
            None if masked_situations.total is None or masked_plans.total is None else total
        )
        rows.append(
            FollowUpRow(
                certification_code=code,
                wave=int(wave),
                sent=int(sent),
                answered=visible_total,
                situations=dict(
                    zip(
                        SITUATIONS,
                        masked_situations.cells if visible_total is not None else [None] * 4,
                        strict=True,
                    )
                ),
                plans=dict(
                    zip(
                        PLANS,
                        masked_plans.cells if visible_total is not None else [None] * 3,
                        strict=True,
                    )
                ),
            )
        )
    return rows

"""GraphQL types of the statistics: the funnel, the breakdowns, the refusals."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from clea_platform.schema.errors import FromDomainError
from clea_platform.statistics.errors import StatisticsErrorCode
from clea_platform.statistics.filters import Dimension
from clea_platform.statistics.follow_up import FollowUpRow
from clea_platform.statistics.queries import Duration
from clea_platform.statistics.service import Breakdown, FunnelRow, Report

strawberry.enum(Dimension, name="StatisticsDimension", description="A breakdown of the dossiers.")
strawberry.enum(
    StatisticsErrorCode,
    name="StatisticsProblemCode",
    description="Why a statistics request was refused.",
)


@strawberry.input(
    description="Dossiers opened in a period (at most 10 years), optionally narrowed."
)
class StatisticsFilterInput:
    opened_from: dt.date = strawberry.field(description="First day of the period (opening).")
    opened_to: dt.date = strawberry.field(description="Last day of the period, included.")
    certification_code: str | None = strawberry.field(
        default=None, description="One certification (all when null)."
    )
    region: str | None = strawberry.field(default=None, description="Région of the site.")
    departement: str | None = strawberry.field(
        default=None, description="Département of the site (75, 2A, 974…)."
    )
    organisation_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="One organisation (Certif'Pro administrators; an organisation's "
        "administrator always sees their own).",
    )
    breakdowns: list[Dimension] = strawberry.field(
        default_factory=list, description="The breakdowns to compute (none by default)."
    )
    with_activity: bool = strawberry.field(
        default=False,
        description="Also count évaluations préalables, certificates and fees per "
        "organisation and month (the billable events of the period).",
    )
    whole_network: bool = strawberry.field(
        default=False,
        description="An administrator of an organisation heading a national network: every "
        "organisation of that network (breakdowns masked as always).",
    )
    with_follow_up: bool = strawberry.field(
        default=False,
        description="Also read the follow-up questionnaires (« Que sont-ils devenus ? ») of "
        "the certificates decided in the period.",
    )


@strawberry.type(description="Why a statistics request was refused.")
class StatisticsProblem(FromDomainError):  # noqa: N818 (a GraphQL type, not an exception)
    code: StatisticsErrorCode = strawberry.field(description="Machine-readable reason.")
    field: str | None = strawberry.field(description="Input field at fault, if any.")
    message: str = strawberry.field(description="French explanation.")


@strawberry.type(description="The request could not be answered: what to correct.")
class StatisticsRefusal:
    errors: list[StatisticsProblem] = strawberry.field(description="Problems, in French.")


@strawberry.type(description="Days between two steps (nearest-rank percentiles).")
class DurationStats:
    dossiers: int = strawberry.field(description="Dossiers that reached both steps.")
    median_days: float | None = strawberry.field(description="Median, in days.")
    p90_days: float | None = strawberry.field(description="90th percentile, in days.")

    @classmethod
    def of(cls, duration: Duration) -> DurationStats:
        return cls(
            dossiers=duration.dossiers,
            median_days=duration.median_days,
            p90_days=duration.p90_days,
        )


@strawberry.type(
    description="The funnel of the dossiers opened in the period: how many reached each step."
)
class FunnelStats:
    certification_code: str | None = strawberry.field(
        description="The certification (null: every certification together)."
    )
    opened: int = strawberry.field(description="Dossiers opened.")
    initial_completed: int = strawberry.field(description="Évaluations préalables completed.")
    direct_to_jury: int = strawberry.field(description="Straight to a jury (nothing missing).")
    to_training: int = strawberry.field(description="Sent to training (gaps).")
    final_completed: int = strawberry.field(description="Évaluations finales completed.")
    submitted: int = strawberry.field(description="Submitted to a jury.")
    certified: int = strawberry.field(description="Certified.")
    not_certified: int = strawberry.field(description="Not certified by a jury.")
    abandoned: int = strawberry.field(description="Abandoned.")
    expired: int = strawberry.field(description="Expired (training window lapsed).")
    initial_rate: float | None = strawberry.field(
        description="Per cent of opened dossiers whose évaluation préalable was completed."
    )
    direct_to_jury_rate: float | None = strawberry.field(
        description="Per cent of completed évaluations préalables with nothing missing."
    )
    certification_rate: float | None = strawberry.field(
        description="Per cent of opened dossiers certified."
    )
    success_rate: float | None = strawberry.field(
        description="Per cent of dossiers submitted to a jury that were certified."
    )
    opening_to_initial: DurationStats = strawberry.field(
        description="Opening → évaluation préalable completed."
    )
    initial_to_jury: DurationStats = strawberry.field(
        description="Évaluation préalable completed → submitted to a jury."
    )
    opening_to_certificate: DurationStats = strawberry.field(
        description="Opening → certificate issued."
    )

    @classmethod
    def of(cls, row: FunnelRow) -> FunnelStats:
        c = row.counts
        return cls(
            certification_code=row.certification_code,
            opened=c["opened"],
            initial_completed=c["initial_completed"],
            direct_to_jury=c["direct_to_jury"],
            to_training=c["to_training"],
            final_completed=c["final_completed"],
            submitted=c["submitted"],
            certified=c["certified"],
            not_certified=c["not_certified"],
            abandoned=c["abandoned"],
            expired=c["expired"],
            initial_rate=row.rate("initial_completed", "opened"),
            direct_to_jury_rate=row.rate("direct_to_jury", "initial_completed"),
            certification_rate=row.rate("certified", "opened"),
            success_rate=row.rate("certified", "submitted"),
            opening_to_initial=DurationStats.of(row.durations["opening_to_initial"]),
            initial_to_jury=DurationStats.of(row.durations["initial_to_jury"]),
            opening_to_certificate=DurationStats.of(row.durations["opening_to_certificate"]),
        )


@strawberry.type(description="One category of a breakdown; null figures are masked.")
class StatisticsBreakdownRow:
    key: str | None = strawberry.field(description="Code of the category (null: not given).")
    label: str = strawberry.field(description="French label.")
    opened: int | None = strawberry.field(
        description="Dossiers opened; null when masked (fewer than 5 people, or hidden so "
        "that a masked cell cannot be deduced)."
    )
    certified: int | None = strawberry.field(description="Certified; null when masked.")


@strawberry.type(description="The dossiers of the period broken down by one attribute.")
class StatisticsBreakdown:
    dimension: Dimension = strawberry.field(description="Which breakdown.")
    title: str = strawberry.field(description="French title.")
    rows: list[StatisticsBreakdownRow] = strawberry.field(description="Categories.")
    total_opened: int | None = strawberry.field(description="Total opened (null: masked).")
    total_certified: int | None = strawberry.field(description="Total certified (null: masked).")

    @classmethod
    def of(cls, breakdown: Breakdown) -> StatisticsBreakdown:
        return cls(
            dimension=breakdown.dimension,
            title=breakdown.title,
            rows=[
                StatisticsBreakdownRow(
                    key=row.key, label=row.label, opened=row.opened, certified=row.certified
                )
                for row in breakdown.rows
            ],
            total_opened=breakdown.total_opened,
            total_certified=breakdown.total_certified,
        )


@strawberry.type(description="Dossiers in one région.")
class RegionCountStats:
    region: str = strawberry.field(description="Région of the site.")
    dossiers: int = strawberry.field(description="Dossiers.")


@strawberry.type(
    description="One organisation's month for one certification: billable events, fees "
    "due, accreditation applications and sites in force."
)
class ActivityStats:
    organisation_name: str = strawberry.field(description="Organisation.")
    month: str = strawberry.field(description="Month, YYYY-MM.")
    certification_code: str = strawberry.field(description="Certification.")
    initial_evaluations: int = strawberry.field(description="Évaluations préalables closed.")
    certificates: int = strawberry.field(description="Certificates issued.")
    fees_cents: int = strawberry.field(
        description="Fees due to Certif'Pro for these events, euro cents excluding VAT."
    )
    applications_submitted: int = strawberry.field(
        description="Accreditation applications submitted this month (last submission) to a "
        "campaign covering this certification (organisations, not people: never masked)."
    )
    applications_accepted: int = strawberry.field(
        description="Accreditation applications accepted this month."
    )
    applications_refused: int = strawberry.field(
        description="Accreditation applications refused this month."
    )
    active_sites: int = strawberry.field(
        description="Sites with an accreditation of this certification in force on the "
        "month's last day (or the period's, if earlier)."
    )


@strawberry.type(description="Situations of those who answered (null when masked).")
class FollowUpSituations:
    employed_same: int | None = strawberry.field(description="In employment, same employer.")
    employed_new: int | None = strawberry.field(description="In employment, new employer.")
    training: int | None = strawberry.field(description="In training.")
    job_seeking: int | None = strawberry.field(description="Seeking a job.")


@strawberry.type(description="« Que sont-ils devenus ? »: one certification and wave.")
class FollowUpStats:
    certification_code: str = strawberry.field(description="Certification.")
    wave: int = strawberry.field(description="Months after certification: 6 or 12.")
    sent: int = strawberry.field(description="Questionnaires sent.")
    answered: int | None = strawberry.field(description="Answered (null when masked).")
    response_rate: float | None = strawberry.field(description="Answered / sent, per cent.")
    situations: FollowUpSituations = strawberry.field(
        description="Situation of those who answered."
    )
    next_certification_planned: int | None = strawberry.field(
        description="Who plan a next certification (null when masked)."
    )
    next_certification_not_planned: int | None = strawberry.field(
        description="Who plan none (null when masked)."
    )

    @classmethod
    def of(cls, row: FollowUpRow) -> FollowUpStats:
        return cls(
            certification_code=row.certification_code,
            wave=row.wave,
            sent=row.sent,
            answered=row.answered,
            response_rate=row.response_rate,
            situations=FollowUpSituations(**row.situations),
            next_certification_planned=row.plans["planned"],
            next_certification_not_planned=row.plans["not_planned"],
        )


@strawberry.type(name="Statistics", description="Figures of the dossiers one may see.")
class StatisticsType:
    opened_from: dt.date = strawberry.field(description="First day of the period.")
    opened_to: dt.date = strawberry.field(description="Last day of the period.")
    national: bool = strawberry.field(
        description="Every organisation (Certif'Pro) rather than one's own."
    )
    funnel: list[FunnelStats] = strawberry.field(description="The funnel per certification.")
    total: FunnelStats = strawberry.field(description="Every certification together.")
    breakdowns: list[StatisticsBreakdown] = strawberry.field(
        description="The requested breakdowns, masked."
    )
    ready_for_jury_by_region: list[RegionCountStats] = strawberry.field(
        description="Dossiers ready for a jury today, per région (whatever the period)."
    )
    certificates_this_month: int = strawberry.field(
        description="Certificates issued since the first of the current month."
    )
    activity: list[ActivityStats] = strawberry.field(
        description="Per organisation, month and certification: billable events, fees, "
        "accreditation applications and sites (empty unless withActivity)."
    )
    network: str | None = strawberry.field(
        description="The national network counted (a network head's whole network)."
    )
    follow_up: list[FollowUpStats] = strawberry.field(
        description="« Que sont-ils devenus ? » per certification and wave, masked (empty "
        "unless withFollowUp)."
    )

    @classmethod
    def of(cls, report: Report) -> StatisticsType:
        return cls(
            opened_from=report.filter.opened_from,
            opened_to=report.filter.opened_to,
            national=report.national,
            funnel=[FunnelStats.of(row) for row in report.funnel],
            total=FunnelStats.of(report.total),
            breakdowns=[StatisticsBreakdown.of(b) for b in report.breakdowns],
            ready_for_jury_by_region=[
                RegionCountStats(region=r.region, dossiers=r.dossiers)
                for r in report.ready_for_jury_by_region
            ],
            certificates_this_month=report.certificates_this_month,
            activity=[
                ActivityStats(
                    organisation_name=row.organisation_name,
                    month=row.month,
                    certification_code=row.certification_code,
                    initial_evaluations=row.initial_evaluations,
                    certificates=row.certificates,
                    fees_cents=row.fees_cents,
                    applications_submitted=row.applications_submitted,
                    applications_accepted=row.applications_accepted,
                    applications_refused=row.applications_refused,
                    active_sites=row.active_sites,
                )
                for row in report.activity
            ],
            network=None if report.filter.network is None else str(report.filter.network),
            follow_up=[FollowUpStats.of(row) for row in report.follow_up],
        )


StatisticsResult = Annotated[
    StatisticsType | StatisticsRefusal,
    strawberry.union("StatisticsResult", description="The figures, or what to correct."),
]

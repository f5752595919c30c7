"""What a statistics request asks for, checked before any SQL runs."""

from __future__ import annotations

import datetime as dt
import enum
import re
import uuid
from dataclasses import dataclass, field

from clea_platform.core.errors import InvalidFormError
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.statistics.errors import StatisticsError, StatisticsErrorCode
from clea_platform.tenants.geography import REGIONS
from clea_platform.tenants.models import NationalNetwork

#: The longest period one request may cover.
MAX_PERIOD_YEARS = 10
#: Dates outside these bounds are refused (no dossier can have been opened then).
EARLIEST = dt.date(1990, 1, 1)
LATEST = dt.date(2200, 12, 31)
DEPARTEMENT = re.compile(r"^(?:0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6])$")


class Dimension(enum.StrEnum):
    """A breakdown of the dossiers opened in the period."""

    REGION = "region"
    DEPARTEMENT = "departement"
    ORGANISATION = "organisation"
    NETWORK = "network"
    STATUS_AT_REGISTRATION = "status_at_registration"
    AGE_BAND = "age_band"
    SEX = "sex"
    EDUCATION_LEVEL = "education_level"
    PROFESSIONAL_SECTOR = "professional_sector"
    PRESCRIBER_TYPE = "prescriber_type"
    FINANCING = "financing"


@dataclass(frozen=True, slots=True)
class StatisticsFilter:
    """Dossiers opened from ``opened_from`` to ``opened_to`` (both included)."""

    opened_from: dt.date
    opened_to: dt.date
    certification_code: str | None = None
    region: str | None = None
    departement: str | None = None
    organisation_id: uuid.UUID | None = None
    breakdowns: tuple[Dimension, ...] = field(default=())
    #: Also count the billable events per organisation and month (activity and fees).
    with_activity: bool = False
    #: The organisations of one national network only (set for a network head's request).
    network: NationalNetwork | None = None
    #: Asked by a network head's administrator: every organisation of the network.
    whole_network: bool = False
    #: Also read the follow-up questionnaires of certified people (``follow_up.py``).
    with_follow_up: bool = False


def years_later(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (29 February becomes 28 February).

    Example:
        >>> years_later(dt.date(2024, 2, 29), 10)
        datetime.date(2034, 2, 28)
    """
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def check_filter(chosen: StatisticsFilter, registry: CertificationRegistry) -> None:
    """Raise :class:`InvalidFormError` listing every problem of ``chosen`` (French)."""
    problems: list[StatisticsError] = []
    out_of_bounds = [
        name
        for name, day in (("openedFrom", chosen.opened_from), ("openedTo", chosen.opened_to))
        if not EARLIEST <= day <= LATEST
    ]
    for name in out_of_bounds:
        problems.append(
            StatisticsError(
                StatisticsErrorCode.INVALID_PERIOD,
                f"Date hors limites : choisissez une date entre le {EARLIEST:%d/%m/%Y} et le "
                f"{LATEST:%d/%m/%Y}.",
                field=name,
            )
        )
    if not out_of_bounds and chosen.opened_to < chosen.opened_from:
        problems.append(
            StatisticsError(
                StatisticsErrorCode.INVALID_PERIOD,
                f"Période inversée : le {chosen.opened_to:%d/%m/%Y} est avant le "
                f"{chosen.opened_from:%d/%m/%Y}. Mettez la date de début en premier.",
                field="openedTo",
            )
        )
    elif not out_of_bounds and chosen.opened_to >= years_later(
        chosen.opened_from, MAX_PERIOD_YEARS
    ):
        problems.append(
            StatisticsError(
                StatisticsErrorCode.PERIOD_TOO_LONG,
                f"Période trop longue : {MAX_PERIOD_YEARS} ans au plus. Réduisez-la ou "
                "découpez-la en plusieurs demandes.",
                field="openedTo",
            )
        )
    if chosen.region is not None and chosen.region not in REGIONS:
        problems.append(
            StatisticsError(
                StatisticsErrorCode.UNKNOWN_REGION,
                f"Région inconnue : « {chosen.region} ». Choisissez l'une des "
                f"{len(REGIONS)} régions (par exemple « Île-de-France »).",
                field="region",
            )
        )
    if chosen.departement is not None and not DEPARTEMENT.match(chosen.departement):
        problems.append(
            StatisticsError(
                StatisticsErrorCode.UNKNOWN_DEPARTEMENT,
                f"Département inconnu : « {chosen.departement} ». Indiquez son numéro "
                "(par exemple 75, 2A ou 974).",
                field="departement",
            )
        )
    if chosen.certification_code is not None and chosen.certification_code not in set(
        registry.codes()
    ):
        problems.append(
            StatisticsError(
                StatisticsErrorCode.UNKNOWN_CERTIFICATION,
                f"Certification inconnue : « {chosen.certification_code} ». Choisissez "
                f"l'une de : {', '.join(registry.codes())}.",
                field="certificationCode",
            )
        )
    if problems:
        raise InvalidFormError(problems)

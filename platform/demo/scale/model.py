"""What the generator knows and makes: the demo world, result profiles, a batch of rows."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from clea_platform.candidates.models import Candidate
from clea_platform.db.base import new_id
from clea_platform.dossiers.models import Dossier, DossierEvent, InformationInterview
from clea_platform.evaluations.models import (
    BillableEvent,
    Evaluation,
    EvaluationSession,
    ItemResult,
)
from clea_platform.referentiels.scoring import ResultValue
from clea_platform.training.models import TrainingObjective, TrainingPlan, TrainingProgress

SEED = "clea-demo-scale/1"

# Parents before children (composite foreign keys).
INSERT_ORDER: tuple[type[Any], ...] = (
    Candidate,
    InformationInterview,
    Dossier,
    DossierEvent,
    Evaluation,
    EvaluationSession,
    ItemResult,
    BillableEvent,
    TrainingPlan,
    TrainingObjective,
    TrainingProgress,
)


@dataclass(frozen=True, slots=True)
class Person:
    user_id: uuid.UUID
    label: str


@dataclass(frozen=True, slots=True)
class DemoTenant:
    """A demo evaluator organisation, as the generator needs it."""

    organisation_id: uuid.UUID
    name: str
    site_ids: tuple[uuid.UUID, ...]
    region: str
    advisers: tuple[Person, ...]
    evaluators: tuple[Person, ...]
    # Another organisation's site, where some candidates are trained.
    partner_siret: str
    partner_name: str


@dataclass(frozen=True, slots=True)
class Profile:
    """Results of one candidate at the évaluation préalable and, if needed, the finale."""

    initial: Mapping[str, ResultValue]
    initial_outcome: Mapping[str, Any]
    gaps: tuple[str, ...]
    final: Mapping[str, ResultValue]
    final_outcome: Mapping[str, Any] | None


@dataclass(frozen=True, slots=True)
class Catalogue:
    """A certification with its published version and pools of scored result profiles."""

    code: str
    version_id: uuid.UUID
    leaves: tuple[str, ...]
    titles: Mapping[str, str]
    domain_of: Mapping[str, str]
    window_years: int
    #: The fee each évaluation préalable carries (the plugin's, as the service records it).
    initial_evaluation_cents: int
    eligible: tuple[Profile, ...]
    with_gaps: tuple[Profile, ...]


@dataclass(frozen=True, slots=True)
class World:
    tenants: tuple[DemoTenant, ...]
    catalogues: tuple[Catalogue, ...]
    # The last day of the generated history; sittings after it are planned, not held.
    today: dt.date


@dataclass(slots=True)
class Batch:
    """Rows waiting to be inserted, per organisation and model; item results as tuples."""

    rows: dict[uuid.UUID, dict[type[Any], list[dict[str, Any]]]] = field(default_factory=dict)
    # (organisation, evaluation, item, value, revision, by, at): expanded at insert time.
    results: dict[uuid.UUID, list[tuple[Any, ...]]] = field(default_factory=dict)
    dossiers: int = 0

    def add(self, organisation_id: uuid.UUID, model: type[Any], **row: Any) -> dict[str, Any]:
        row.setdefault("id", new_id())
        row["organisation_id"] = organisation_id
        self.rows.setdefault(organisation_id, {}).setdefault(model, []).append(row)
        return row


@dataclass(frozen=True, slots=True)
class ScaleReport:
    existing: int
    added: int
    seconds: float

    @property
    def total(self) -> int:
        return self.existing + self.added

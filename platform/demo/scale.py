"""``clea demo --scale N``: thousands of realistic dossiers on top of the demo data.

Tops the two demo evaluator organisations up to ``N`` dossiers in all (dossiers already
there count, so running it again with the same ``N`` adds nothing). Candidate number
``k`` is drawn from a random generator seeded with ``k``: the same ``N`` gives the same
people, pathways and results on every database (identifiers and the dates, which follow
the day of the run, excepted).

Every stage of the pathway is represented (opened, évaluation préalable in progress,
training with its plan and progress, évaluation finale, jury, certified, not certified,
abandoned, expired), with the rows the services would have written: timeline events,
evaluations with their sittings and results per item, billable évaluations préalables,
training plans with objectives and progress. Outcomes come from the certification
plugins' own scoring rules, applied to a pool of result profiles drawn once per
certification. Rows are written with bulk ``INSERT``s, one transaction per batch of
:data:`BATCH_DOSSIERS` dossiers, each tenant's rows as that tenant (row-level security
applies), so memory stays bounded and an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import random
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import JSON, DateTime, String, Text, bindparam, cast, func, insert, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.audit import service as audit
from clea_platform.candidates.models import Candidate
from clea_platform.candidates.service import search_text
from clea_platform.candidates.validation import Civility, EducationLevel, RegistrationStatus
from clea_platform.core.errors import CleaError
from clea_platform.core.text import add_years, ascii_fold
from clea_platform.db.base import new_id
from clea_platform.demo import data
from clea_platform.dossiers.choices import Financing, PrescriberType
from clea_platform.dossiers.models import Dossier, DossierEvent
from clea_platform.dossiers.states import DossierStatus
from clea_platform.evaluations.models import (
    BillableEvent,
    Evaluation,
    EvaluationKind,
    EvaluationSession,
    EvaluationStatus,
    ItemResult,
)
from clea_platform.evaluations.service import BILLABLE_INITIAL_EVALUATION, outcome_json
from clea_platform.identity.models import Membership, User
from clea_platform.plugins.certification import Certification
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.referentiels import service as referentiels
from clea_platform.referentiels.scoring import ResultValue
from clea_platform.referentiels.tree import ReferentielTree
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.models import Organisation, OrganisationKind, Site
from clea_platform.tenants.scoping import cross_tenant_reads, refresh_tenant
from clea_platform.training.models import TrainingObjective, TrainingPlan, TrainingProgress

S = DossierStatus
T = TypeVar("T")

SEED = "clea-demo-scale/1"
BATCH_DOSSIERS = 1_000
ITEM_ROWS_PER_STATEMENT = 20_000
PROFILES_PER_POOL = 200
SYSTEM_LABEL = "système (clea demo --scale)"
EXPIRY_LABEL = "système (expiration quotidienne)"
JURY_LABEL = "Jury paritaire Certif'Pro"
EVALUATOR_SLUGS = tuple(o.slug for o in data.ORGANISATIONS if o.kind == OrganisationKind.EVALUATOR)

# Where dossiers stand, weighted like a platform in its stride.
STATUS_WEIGHTS: Mapping[DossierStatus, int] = {
    S.OPENED: 5,
    S.INITIAL_EVALUATION: 5,
    S.TRAINING: 30,
    S.FINAL_EVALUATION: 4,
    S.READY_FOR_JURY: 7,
    S.SUBMITTED_TO_JURY: 4,
    S.CERTIFIED: 26,
    S.NOT_CERTIFIED: 3,
    S.ABANDONED: 12,
    S.EXPIRED: 4,
}
# The stage an abandoned dossier was at when the candidate gave up.
ABANDONED_AFTER: Mapping[DossierStatus, int] = {
    S.OPENED: 15,
    S.INITIAL_EVALUATION: 8,
    S.TRAINING: 57,
    S.FINAL_EVALUATION: 5,
    S.READY_FOR_JURY: 5,
    S.EXPIRED: 10,
}
CERTIFICATION_WEIGHTS: Mapping[str, int] = {"CLEA": 72, "CLEA_NUMERIQUE": 20, "CLEA_MANAGEMENT": 8}
OTHER_CERTIFICATION_WEIGHT = 5
# Most candidates have gaps at the évaluation préalable and go through training.
VIA_TRAINING_RATE = 0.78
SECOND_DOSSIER_RATE = 0.08
# Days before today within which a dossier in this status took its last step.
LAST_STEP_WITHIN_DAYS: Mapping[DossierStatus, int] = {
    S.OPENED: 60,
    S.INITIAL_EVALUATION: 30,
    S.TRAINING: 700,
    S.FINAL_EVALUATION: 30,
    S.READY_FOR_JURY: 120,
    S.SUBMITTED_TO_JURY: 60,
    S.NOT_CERTIFIED: 700,
    S.EXPIRED: 700,
    S.CERTIFIED: 7 * 365,
    S.ABANDONED: 7 * 365,
}

# Parents before children (composite foreign keys).
INSERT_ORDER: tuple[type[Any], ...] = (
    Candidate,
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


# --- what the generator knows about the database -------------------------------------


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


# --- profiles: results scored by the plugin's own rule ---------------------------------


def build_profiles(
    certification: Certification, tree: ReferentielTree, count: int = PROFILES_PER_POOL
) -> tuple[tuple[Profile, ...], tuple[Profile, ...]]:
    """Pools of profiles without gaps and with gaps, classified by the plugin's scoring."""
    rng = random.Random(f"{SEED}:profiles:{certification.code}")
    leaves = tree.leaf_codes()
    scale = certification.scale
    acquired = [c.value for c in scale.choices if c.acquired]
    missed = [c.value for c in scale.choices if not c.acquired]
    # Some items are harder than others, the same ones for everybody.
    difficulty = {code: rng.uniform(0.3, 1.7) for code in leaves}

    def value(gap: bool) -> ResultValue:
        if scale.kind == "percent":
            return rng.randint(15, 70) if gap else rng.randint(80, 100)
        return rng.choice(missed) if gap and missed else acquired[0]

    eligible: list[Profile] = []
    with_gaps: list[Profile] = []
    for attempt in range(count * 20):
        if len(eligible) >= count and len(with_gaps) >= count:
            break
        gap_rate = 0.0 if attempt % 4 == 0 else rng.uniform(0.02, 0.4)
        initial = {code: value(rng.random() < gap_rate * difficulty[code]) for code in leaves}
        outcome = certification.scoring.score(tree, initial)
        if outcome.eligible:
            if len(eligible) < count:
                eligible.append(Profile(initial, outcome_json(outcome), (), {}, None))
            continue
        if len(with_gaps) >= count:
            continue
        final = {code: value(False) for code in outcome.gaps}
        final_outcome = certification.scoring.score(tree, {**initial, **final})
        if final_outcome.eligible:
            with_gaps.append(
                Profile(
                    initial, outcome_json(outcome), outcome.gaps, final, outcome_json(final_outcome)
                )
            )
    return tuple(eligible), tuple(with_gaps)


# --- loading what exists -------------------------------------------------------------


async def load_world(
    session: AsyncSession, registry: CertificationRegistry, today: dt.date
) -> tuple[World, int, int]:
    """The demo tenants and certifications; the dossiers and candidates already there."""
    async with cross_tenant_reads(session, "demo:scale"):
        organisations = list(
            await session.scalars(
                select(Organisation)
                .where(Organisation.slug.in_(EVALUATOR_SLUGS))
                .order_by(Organisation.slug)
            )
        )
        if len(organisations) != len(EVALUATOR_SLUGS):
            raise CleaError(
                "Les organisations de démonstration sont absentes.",
                hint="Lancez « clea demo » (sans --scale) d'abord.",
            )
        ids = [o.id for o in organisations]
        sites = list(
            await session.scalars(
                select(Site).where(Site.organisation_id.in_(ids)).order_by(Site.siret)
            )
        )
        members = list(
            await session.execute(
                select(Membership.organisation_id, Membership.roles, User)
                .join(User, User.id == Membership.user_id)
                .where(Membership.organisation_id.in_(ids))
                .order_by(User.email)
            )
        )
        existing = await session.scalar(
            select(func.count()).select_from(Dossier).where(Dossier.organisation_id.in_(ids))
        )
        candidates = await session.scalar(
            select(func.count()).select_from(Candidate).where(Candidate.organisation_id.in_(ids))
        )
        catalogues = await _catalogues(session, registry)
    tenants = []
    for organisation in organisations:
        own = [s for s in sites if s.organisation_id == organisation.id]
        partner = next((s for s in sites if s.organisation_id != organisation.id), own[0])
        people = [
            (roles, Person(user.id, f"{user.full_name} <{user.email}>"))
            for org_id, roles, user in members
            if org_id == organisation.id
        ]
        advisers = [p for roles, p in people if {"adviser", "org_admin"} & set(roles)]
        evaluators = [p for roles, p in people if "evaluator" in roles]
        if not own or not advisers or not evaluators:
            raise CleaError(
                f"L'organisation de démonstration « {organisation.name} » n'a pas de site, "
                "de conseiller ou d'évaluateur.",
                hint="Relancez « clea demo » pour la compléter.",
            )
        tenants.append(
            DemoTenant(
                organisation_id=organisation.id,
                name=organisation.name,
                site_ids=tuple(s.id for s in own),
                region=own[0].region,
                advisers=tuple(sorted(advisers, key=lambda p: "adviser" not in p.label)),
                evaluators=tuple(evaluators),
                partner_siret=partner.siret,
                partner_name=partner.name,
            )
        )
    # Generated history stops the day before: nothing happens later than now.
    yesterday = today - dt.timedelta(days=1)
    return World(tuple(tenants), catalogues, yesterday), existing or 0, candidates or 0


async def _catalogues(
    session: AsyncSession, registry: CertificationRegistry
) -> tuple[Catalogue, ...]:
    versions = await referentiels.published_versions(session, registry.codes())
    items = await referentiels.items_of_versions(session, [v.id for v in versions.values()])
    catalogues = []
    for code in registry.codes():
        version = versions.get(code)
        if version is None:
            continue
        certification = registry.get(code)
        stored = items[version.id]
        tree = referentiels.tree_of(version, stored)
        eligible, with_gaps = build_profiles(certification, tree)
        if not eligible or not with_gaps:
            continue  # a scale without both outcomes cannot show the whole pathway
        parents = {item.code: item.parent_code for item in stored}

        def domain(code: str, parents: Mapping[str, str | None] = parents) -> str:
            while (parent := parents.get(code)) is not None:
                code = parent
            return code

        leaves = tree.leaf_codes()
        catalogues.append(
            Catalogue(
                code=code,
                version_id=version.id,
                leaves=leaves,
                titles={item.code: item.title for item in stored},
                domain_of={leaf: domain(leaf) for leaf in leaves},
                window_years=certification.limits.training_window_years,
                eligible=eligible,
                with_gaps=with_gaps,
            )
        )
    if not catalogues:
        raise CleaError(
            "Aucune certification n'a de référentiel publié.",
            hint="Lancez « clea demo » (sans --scale) d'abord.",
        )
    return tuple(catalogues)


# --- one candidate and their dossiers --------------------------------------------------


def _weighted(rng: random.Random, weights: Mapping[T, int]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC)


def _ascii(text: str) -> str:
    plain = ascii_fold(text)
    return "-".join(plain.lower().replace("'", " ").split())


def _stages(rng: random.Random, status: DossierStatus) -> list[DossierStatus]:
    """The statuses a dossier went through after being opened, ending with ``status``."""
    if status == S.ABANDONED:
        return [*_stages(rng, _weighted(rng, ABANDONED_AFTER)), S.ABANDONED]
    if status == S.OPENED:
        return []
    if status == S.INITIAL_EVALUATION:
        return [S.INITIAL_EVALUATION]
    if status in (S.TRAINING, S.FINAL_EVALUATION, S.EXPIRED):
        return {
            S.TRAINING: [S.INITIAL_EVALUATION, S.TRAINING],
            S.FINAL_EVALUATION: [S.INITIAL_EVALUATION, S.TRAINING, S.FINAL_EVALUATION],
            S.EXPIRED: [S.INITIAL_EVALUATION, S.TRAINING, S.EXPIRED],
        }[status]
    path = [S.INITIAL_EVALUATION]
    if rng.random() < VIA_TRAINING_RATE:
        path += [S.TRAINING, S.FINAL_EVALUATION]
    path.append(S.READY_FOR_JURY)
    if status == S.READY_FOR_JURY:
        return path
    path.append(S.SUBMITTED_TO_JURY)
    return path if status == S.SUBMITTED_TO_JURY else [*path, status]


# Days spent in a status before the next one (ranges), for the dates of the timeline.
STAGE_DAYS: Mapping[tuple[DossierStatus | None, DossierStatus], tuple[int, int]] = {
    (S.OPENED, S.INITIAL_EVALUATION): (5, 40),
    (S.OPENED, S.ABANDONED): (10, 90),
    (S.INITIAL_EVALUATION, S.ABANDONED): (3, 30),
    (S.TRAINING, S.ABANDONED): (20, 300),
    (S.FINAL_EVALUATION, S.ABANDONED): (5, 30),
    (S.READY_FOR_JURY, S.SUBMITTED_TO_JURY): (10, 90),
    (S.READY_FOR_JURY, S.ABANDONED): (20, 120),
    (S.SUBMITTED_TO_JURY, S.CERTIFIED): (7, 45),
    (S.SUBMITTED_TO_JURY, S.NOT_CERTIFIED): (7, 45),
    (S.EXPIRED, S.ABANDONED): (30, 365),
}
# A sitting: its day, and its start and end (hour, minute).
Sitting = tuple[dt.date, tuple[tuple[int, int], tuple[int, int]]]
# The évaluation préalable takes at most 7 hours, the finale 3 (the plugins' limits).
INITIAL_SITTINGS = (
    ((9, 0), (12, 0)),
    ((13, 30), (17, 0)),
)
FINAL_SITTINGS = (((9, 0), (11, 30)), ((14, 0), (17, 0)))


class DossierWriter:
    """Writes one dossier's rows, step by step, as the services would have."""

    def __init__(
        self,
        rng: random.Random,
        world: World,
        batch: Batch,
        tenant: DemoTenant,
        catalogue: Catalogue,
        candidate_id: uuid.UUID,
        site_id: uuid.UUID,
    ) -> None:
        self.rng = rng
        self.today = world.today
        self.batch = batch
        self.tenant = tenant
        self.catalogue = catalogue
        self.candidate_id = candidate_id
        self.site_id = site_id
        self.adviser = tenant.advisers[0]
        self.evaluator = rng.choice(tenant.evaluators)
        self.org = tenant.organisation_id
        self.dossier_id = new_id()
        self.status = S.OPENED
        self.revision = 1
        self.changed_at = _at(world.today, 9)
        self.window_ends_on: dt.date | None = None
        self.abandon_reason = ""
        self.profile: Profile | None = None

    def write(self, opened_on: dt.date, stages: Sequence[DossierStatus]) -> dict[str, Any]:
        """Write the pathway from ``opened_on`` through ``stages``; returns the dossier's row."""
        rng = self.rng
        opened_at = _at(opened_on, rng.randint(8, 16), rng.choice((0, 15, 30, 45)))
        self._event(opened_at, S.OPENED, self.adviser, kind="opened")
        day = opened_on
        previous: DossierStatus = S.OPENED
        for position, stage in enumerate(stages):
            following = stages[position + 1] if position + 1 < len(stages) else None
            if stage == S.INITIAL_EVALUATION:
                day += dt.timedelta(days=rng.randint(*STAGE_DAYS[(previous, stage)]))
                day = self._initial_evaluation(day, following)
            elif stage == S.TRAINING:
                day = self._training(day, following)
            elif stage == S.FINAL_EVALUATION:
                day = self._final_evaluation(day, following)
            elif stage == S.EXPIRED:
                assert self.window_ends_on is not None
                day = self.window_ends_on + dt.timedelta(days=1)
                comment = "Délai de 5 ans après l'évaluation préalable dépassé."
                self._event(_at(day, 2), S.EXPIRED, EXPIRY_LABEL, comment)
            elif stage != S.READY_FOR_JURY:  # that one is reached by closing an evaluation
                if previous != S.TRAINING:  # the training decided when the candidate left
                    day += dt.timedelta(days=rng.randint(*STAGE_DAYS[(previous, stage)]))
                self._decision(min(day, self.today), stage)
            previous = stage
        return self.batch.add(
            self.org,
            Dossier,
            id=self.dossier_id,
            created_at=opened_at,
            candidate_id=self.candidate_id,
            site_id=self.site_id,
            certification_code=self.catalogue.code,
            referentiel_version_id=self.catalogue.version_id,
            adviser_id=self.adviser.user_id,
            # The prescriber and financing depend on the candidate: filled in by the caller.
            prescriber_type=PrescriberType.SELF,
            prescriber_name="",
            financing=Financing.OTHER,
            consent_at=opened_at,
            status=self.status,
            status_changed_at=self.changed_at,
            window_ends_on=self.window_ends_on,
            abandon_reason=self.abandon_reason,
            revision=self.revision,
        )

    def _event(
        self,
        at: dt.datetime,
        target: DossierStatus,
        who: Person | str,
        comment: str = "",
        *,
        kind: str = "transition",
    ) -> None:
        self.batch.add(
            self.org,
            DossierEvent,
            dossier_id=self.dossier_id,
            occurred_at=at,
            actor_user_id=who.user_id if isinstance(who, Person) else None,
            actor_label=who.label if isinstance(who, Person) else who,
            kind=kind,
            from_status=None if kind == "opened" else self.status,
            to_status=target,
            comment=comment,
        )
        if kind != "opened":
            self.status = target
            self.revision += 1
        self.changed_at = at

    def _decision(self, day: dt.date, stage: DossierStatus) -> None:
        rng = self.rng
        if stage == S.ABANDONED:
            self.abandon_reason = rng.choice(data.ABANDON_REASONS)
            self._event(_at(day, 11), stage, self.adviser, self.abandon_reason)
        elif stage == S.SUBMITTED_TO_JURY:
            self._event(_at(day, 10), stage, self.adviser)
        elif stage == S.NOT_CERTIFIED:
            self._event(_at(day, 15), stage, JURY_LABEL, rng.choice(data.JURY_REFUSALS))
        else:
            self._event(_at(day, 15), stage, JURY_LABEL)

    def _sittings(self, day: dt.date, kind: EvaluationKind, done: bool) -> list[Sitting]:
        rng = self.rng
        if kind == EvaluationKind.FINAL:
            return [(day, rng.choice(FINAL_SITTINGS))]
        if rng.random() < 0.4:
            return [(day, INITIAL_SITTINGS[0])]
        gap = 0 if done and rng.random() < 0.5 else rng.randint(2, 14)
        return [(day, INITIAL_SITTINGS[0]), (day + dt.timedelta(days=gap), INITIAL_SITTINGS[1])]

    def _evaluation(
        self,
        kind: EvaluationKind,
        targets: Sequence[str],
        values: Mapping[str, ResultValue],
        outcome: Mapping[str, Any] | None,
        sittings: Sequence[Sitting],
        done: bool,
    ) -> dt.datetime:
        """One evaluation with its sittings and results; returns the end of its last sitting."""
        evaluation_id = new_id()
        start = _at(sittings[0][0], *sittings[0][1][0])
        # Started when planned: a sitting still to come was planned before today.
        started = start if sittings[0][0] <= self.today else _at(self.today, 8, 30)
        self._event(
            started,
            S.INITIAL_EVALUATION if kind == EvaluationKind.INITIAL else S.FINAL_EVALUATION,
            self.evaluator,
        )
        held = [s for s in sittings if done or s[0] <= self.today]
        # Each sitting saves its share of the grid; one still in progress, part of it.
        per_sitting = len(targets) / max(len(held), 1)
        if not done:
            per_sitting *= self.rng.uniform(0.3, 0.9)
        results = self.batch.results.setdefault(self.org, [])
        revision = 0
        for number, (day, (begin, end)) in enumerate(sittings):
            self.batch.add(
                self.org,
                EvaluationSession,
                evaluation_id=evaluation_id,
                site_id=self.site_id,
                evaluator_id=self.evaluator.user_id,
                day=day,
                starts_at=dt.time(*begin),
                ends_at=dt.time(*end),
            )
            if number >= len(held):
                continue
            revision += 1
            first = round(number * len(targets) / len(held))
            last = len(targets) if done and revision == len(held) else first + round(per_sitting)
            saved_at = _at(day, *end)
            for code in targets[first : max(last, first + 1)]:
                results.append(
                    (
                        evaluation_id,
                        code,
                        str(values[code]),
                        revision,
                        self.evaluator.user_id,
                        saved_at,
                    )
                )
        closed_at = _at(sittings[-1][0], *sittings[-1][1][1])
        self.batch.add(
            self.org,
            Evaluation,
            id=evaluation_id,
            created_at=started,
            dossier_id=self.dossier_id,
            kind=kind,
            status=EvaluationStatus.CLOSED if done else EvaluationStatus.OPEN,
            revision=revision,
            target_items=list(targets),
            closed_at=closed_at if done else None,
            outcome=dict(outcome) if done and outcome is not None else None,
        )
        if done and kind == EvaluationKind.INITIAL:
            self.batch.add(
                self.org,
                BillableEvent,
                kind=BILLABLE_INITIAL_EVALUATION,
                certification_code=self.catalogue.code,
                subject_id=evaluation_id,
                occurred_at=closed_at,
            )
        return closed_at

    def _initial_evaluation(self, day: dt.date, following: DossierStatus | None) -> dt.date:
        catalogue = self.catalogue
        done = following in (S.TRAINING, S.READY_FOR_JURY)
        if done:
            pool = catalogue.with_gaps if following == S.TRAINING else catalogue.eligible
        else:
            gaps = self.rng.random() < VIA_TRAINING_RATE
            pool = catalogue.with_gaps if gaps else catalogue.eligible
        self.profile = self.rng.choice(pool)
        closed_at = self._evaluation(
            EvaluationKind.INITIAL,
            catalogue.leaves,
            self.profile.initial,
            self.profile.initial_outcome,
            self._sittings(day, EvaluationKind.INITIAL, done),
            done,
        )
        if done:
            self.window_ends_on = add_years(closed_at.date(), catalogue.window_years)
            self._event(closed_at, following, self.evaluator)  # type: ignore[arg-type]
        return closed_at.date()

    def _training(self, entered: dt.date, following: DossierStatus | None) -> dt.date:
        """The plan built from the gaps, and the hours done until the candidate moved on."""
        rng = self.rng
        assert self.profile is not None
        assert self.window_ends_on is not None
        gaps = self.profile.gaps
        starts_on = entered + dt.timedelta(days=rng.randint(7, 40))
        ends_on = min(starts_on + dt.timedelta(days=rng.randint(20, 240)), self.window_ends_on)
        if following == S.FINAL_EVALUATION:
            left = ends_on + dt.timedelta(days=rng.randint(3, 30))
        elif following == S.ABANDONED:
            left = entered + dt.timedelta(days=rng.randint(*STAGE_DAYS[(S.TRAINING, S.ABANDONED)]))
        elif following == S.EXPIRED:
            left = entered + dt.timedelta(days=rng.randint(30, 400))  # stopped coming
        else:
            left = self.today
        left = min(left, self.today)
        hours_by_domain: dict[str, int] = {}
        for code in gaps:
            domain = self.catalogue.domain_of[code]
            hours_by_domain[domain] = hours_by_domain.get(domain, 0) + rng.randint(3, 12)
        external = rng.random() < 0.3
        plan = self.batch.add(
            self.org,
            TrainingPlan,
            created_at=_at(entered, 16),
            dossier_id=self.dossier_id,
            training_siret=self.tenant.partner_siret if external else "",
            training_organisation_name=(
                rng.choice(data.TRAINING_ORGANISATIONS) if external else ""
            ),
            trainer_id=None,
            trainer_name=(
                f"{rng.choice(data.FIRST_NAMES_FEMALE + data.FIRST_NAMES_MALE)} "
                f"{rng.choice(data.LAST_NAMES)}"
            ),
            starts_on=starts_on,
            ends_on=ends_on,
            financing="",
            hours_by_domain=hours_by_domain,
            revision=2,
        )
        for code in gaps:
            self.batch.add(
                self.org,
                TrainingObjective,
                plan_id=plan["id"],
                item_code=code,
                objective=f"Acquérir : {self.catalogue.titles.get(code, code)}",
            )
        planned = sum(hours_by_domain.values())
        hours_done = 0.0
        day = starts_on
        while day <= min(ends_on, left) and hours_done < planned:
            hours = min(rng.choice((2.0, 3.0, 3.5, 4.0, 6.0)), planned - hours_done)
            self.batch.add(
                self.org,
                TrainingProgress,
                plan_id=plan["id"],
                day=day,
                hours=hours,
                items_worked=sorted(rng.sample(gaps, min(len(gaps), rng.randint(1, 3)))),
                note="",
                recorded_by_id=self.adviser.user_id,
                recorded_at=_at(day, 17, 30),
            )
            hours_done += hours
            day += dt.timedelta(days=rng.randint(3, 10))
        return left if following is not None else entered

    def _final_evaluation(self, day: dt.date, following: DossierStatus | None) -> dt.date:
        assert self.profile is not None
        assert self.profile.final_outcome is not None
        done = following == S.READY_FOR_JURY
        if following is None and self.rng.random() < 0.5:
            day = self.today + dt.timedelta(days=self.rng.randint(2, 20))  # sitting to come
        closed_at = self._evaluation(
            EvaluationKind.FINAL,
            self.profile.gaps,
            self.profile.final,
            self.profile.final_outcome,
            self._sittings(day, EvaluationKind.FINAL, done),
            done,
        )
        if done:
            self._event(closed_at, S.READY_FOR_JURY, self.evaluator)
        return closed_at.date()


def _stage_days_estimate(stages: Sequence[DossierStatus], window_years: int) -> int:
    """The longest a pathway through ``stages`` can take, to place it before today."""
    total = 0
    previous: DossierStatus = S.OPENED
    for stage in stages:
        if stage == S.INITIAL_EVALUATION:
            total += 40 + 14
        elif stage == S.TRAINING:
            total += 0
        elif stage == S.FINAL_EVALUATION:
            total += 40 + 240 + 30
        elif stage == S.EXPIRED:
            total += window_years * 366 + 1
        elif stage == S.READY_FOR_JURY:
            total += 0
        else:
            total += STAGE_DAYS.get((previous, stage), (0, 300))[1]
        previous = stage
    return total


def generate_candidate(index: int, world: World, batch: Batch, room: int) -> None:
    """Add candidate number ``index`` (seeded by it) with one or two dossiers, at most ``room``."""
    rng = random.Random(f"{SEED}:{index}")
    tenant = rng.choice(world.tenants)
    site_id = rng.choice(tenant.site_ids)
    weights = {
        c.code: CERTIFICATION_WEIGHTS.get(c.code, OTHER_CERTIFICATION_WEIGHT)
        for c in world.catalogues
    }
    count = 2 if room >= 2 and len(weights) >= 2 and rng.random() < SECOND_DOSSIER_RATE else 1
    codes: list[str] = []
    while len(codes) < count:
        code = _weighted(rng, weights)
        if code not in codes:
            codes.append(code)
    registration = _weighted(
        rng,
        {
            RegistrationStatus.JOBSEEKER: 68,
            RegistrationStatus.EMPLOYEE: 22,
            RegistrationStatus.YOUNG_MISSION_LOCALE: 8,
            RegistrationStatus.OTHER: 2,
        },
    )
    candidate_id = new_id()
    first_opened: dt.datetime | None = None
    dossier_rows: list[dict[str, Any]] = []
    for code in codes:
        catalogue = next(c for c in world.catalogues if c.code == code)
        status = _weighted(rng, STATUS_WEIGHTS)
        stages = _stages(rng, status)
        latest = world.today - dt.timedelta(days=rng.randint(0, LAST_STEP_WITHIN_DAYS[status]))
        opened_on = latest - dt.timedelta(days=_stage_days_estimate(stages, catalogue.window_years))
        if not stages:
            opened_on = latest
        writer = DossierWriter(rng, world, batch, tenant, catalogue, candidate_id, site_id)
        row = writer.write(opened_on, stages)
        assert row["status"] == status, (row["status"], status, stages)
        batch.dossiers += 1
        dossier_rows.append(row)
        opened_at: dt.datetime = row["created_at"]
        first_opened = opened_at if first_opened is None else min(first_opened, opened_at)
    assert first_opened is not None
    created_at = first_opened - dt.timedelta(days=rng.randint(0, 14), hours=rng.randint(0, 3))
    _candidate(rng, batch, tenant, candidate_id, registration, created_at, dossier_rows)


PRESCRIBERS: Mapping[RegistrationStatus, Mapping[PrescriberType, int]] = {
    RegistrationStatus.JOBSEEKER: {
        PrescriberType.FRANCE_TRAVAIL: 60,
        PrescriberType.CEP_ADVISER: 12,
        PrescriberType.REGION: 10,
        PrescriberType.SELF: 13,
        PrescriberType.OTHER: 5,
    },
    RegistrationStatus.EMPLOYEE: {
        PrescriberType.EMPLOYER: 50,
        PrescriberType.OPCO: 22,
        PrescriberType.CEP_ADVISER: 10,
        PrescriberType.STAFF_REPRESENTATIVE: 5,
        PrescriberType.SELF: 13,
    },
    RegistrationStatus.YOUNG_MISSION_LOCALE: {
        PrescriberType.MISSION_LOCALE: 85,
        PrescriberType.SELF: 15,
    },
    RegistrationStatus.OTHER: {PrescriberType.SELF: 60, PrescriberType.OTHER: 40},
}
FINANCINGS: Mapping[RegistrationStatus, Mapping[Financing, int]] = {
    RegistrationStatus.JOBSEEKER: {Financing.CPF: 35, Financing.POE: 15, Financing.OTHER: 50},
    RegistrationStatus.EMPLOYEE: {
        Financing.SKILLS_DEVELOPMENT_PLAN: 45,
        Financing.CPF: 30,
        Financing.PRO_A: 20,
        Financing.PROFESSIONALISATION_CONTRACT: 5,
    },
    RegistrationStatus.YOUNG_MISSION_LOCALE: {
        Financing.OTHER: 60,
        Financing.PROFESSIONALISATION_CONTRACT: 20,
        Financing.CPF: 20,
    },
    RegistrationStatus.OTHER: {Financing.CPF: 50, Financing.OTHER: 50},
}
EDUCATION_WEIGHTS: Mapping[EducationLevel, int] = {
    EducationLevel.NONE: 38,
    EducationLevel.CAP_BEP: 42,
    EducationLevel.BAC: 14,
    EducationLevel.BAC_2: 4,
    EducationLevel.BAC_3_PLUS: 2,
}


def _candidate(
    rng: random.Random,
    batch: Batch,
    tenant: DemoTenant,
    candidate_id: uuid.UUID,
    registration: RegistrationStatus,
    created_at: dt.datetime,
    dossier_rows: list[dict[str, Any]],
) -> None:
    civility = Civility.MADAME if rng.random() < 0.52 else Civility.MONSIEUR
    names = data.FIRST_NAMES_FEMALE if civility == Civility.MADAME else data.FIRST_NAMES_MALE
    first_names = rng.choice(names)
    if rng.random() < 0.1:
        first_names += " " + rng.choice(names)
    birth_name = rng.choice(data.LAST_NAMES)
    usage_name = ""
    if civility == Civility.MADAME and rng.random() < 0.2:
        usage_name = rng.choice(data.LAST_NAMES)
    created = created_at.date()
    latest = min(dt.date(2006, 12, 31), add_years(created, -16))
    earliest = max(dt.date(1960, 1, 1), add_years(created, -64))
    if registration == RegistrationStatus.YOUNG_MISSION_LOCALE:
        earliest = max(earliest, add_years(created, -25))
    mode = max(earliest, min(latest, add_years(created, -30)))
    birth_date = dt.date.fromordinal(
        round(rng.triangular(earliest.toordinal(), latest.toordinal(), mode.toordinal()))
    )
    if rng.random() < 0.85:
        birth_city, birth_postal_code = rng.choice(data.BIRTH_PLACES_FRANCE)
        birth_country, born_abroad = "France", False
    else:
        birth_country, birth_city = rng.choice(data.BIRTH_PLACES_ABROAD)
        birth_postal_code, born_abroad = "", True
    city, postal_code = rng.choice(
        data.RESIDENCES.get(tenant.region, data.RESIDENCES["Île-de-France"])
    )
    email = ""
    if rng.random() < 0.85:
        # A reserved top-level domain: nothing is ever delivered to demo candidates.
        name = f"{_ascii(first_names)}.{_ascii(usage_name or birth_name)}"
        email = f"{name}{rng.randint(1, 99)}@demo.invalid"
    phone = f"0{rng.choice('67')}{rng.randint(0, 99_999_999):08d}" if rng.random() < 0.9 else ""
    batch.add(
        tenant.organisation_id,
        Candidate,
        id=candidate_id,
        created_at=created_at,
        civility=civility,
        birth_name=birth_name,
        usage_name=usage_name,
        first_names=first_names,
        birth_date=birth_date,
        birth_country=birth_country,
        birth_city=birth_city,
        birth_postal_code=birth_postal_code,
        born_abroad=born_abroad,
        email=email,
        phone=phone,
        address_line=f"{rng.randint(1, 180)} {rng.choice(data.STREETS)}",
        postal_code=postal_code,
        city=city,
        status_at_registration=registration,
        education_level=_weighted(rng, EDUCATION_WEIGHTS),
        professional_project=rng.choice(data.PROFESSIONAL_PROJECTS),
        search_text=search_text(birth_name, usage_name, first_names),
        created_by_id=tenant.advisers[0].user_id,
        anonymised_at=None,
        revision=1,
    )
    for row in dossier_rows:
        prescriber = _weighted(rng, PRESCRIBERS[registration])
        row["prescriber_type"] = prescriber
        row["prescriber_name"] = _prescriber_name(rng, prescriber, city, tenant.region)
        row["financing"] = _weighted(rng, FINANCINGS[registration])


def _prescriber_name(rng: random.Random, prescriber: PrescriberType, city: str, region: str) -> str:
    return {
        PrescriberType.FRANCE_TRAVAIL: f"France Travail {city}",
        PrescriberType.MISSION_LOCALE: f"Mission locale de {city}",
        PrescriberType.EMPLOYER: rng.choice(data.EMPLOYERS),
        PrescriberType.OPCO: rng.choice(data.OPCOS),
        PrescriberType.REGION: f"Région {region}",
        PrescriberType.CEP_ADVISER: "Conseil en évolution professionnelle",
    }.get(prescriber, "")


# --- writing -------------------------------------------------------------------------


def _system_actor(organisation_id: uuid.UUID) -> Actor:
    return Actor(
        label=SYSTEM_LABEL, organisation_id=organisation_id, roles=frozenset({"org_admin"})
    )


def _result_rows(
    organisation_id: uuid.UUID, results: Sequence[tuple[Any, ...]]
) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(results), ITEM_ROWS_PER_STATEMENT):
        yield [
            {
                "organisation_id": organisation_id,
                "id": new_id(),
                "evaluation_id": evaluation_id,
                "item_code": code,
                "value": value,
                "comment": "",
                "changed_in_revision": revision,
                "updated_by_id": by,
                "updated_at": at,
            }
            for evaluation_id, code, value, revision, by, at in results[
                start : start + ITEM_ROWS_PER_STATEMENT
            ]
        ]


def _insert(model: type[Any]) -> Any:
    # NULLs rendered rather than omitted: rows with and without a value share one batch.
    return insert(model).execution_options(render_nulls=True)


# On PostgreSQL every table goes in as one INSERT … SELECT per chunk, each column sent
# as one delimited string (unnest of string_to_array): an executemany costs the server
# a statement per row and Python some 30 µs per row; this takes a third of the time.
SEPARATOR = "\x1f"  # ASCII unit separator, and record separator for NULL: never in the
NULL = "\x1e"  # generated text (checked)


def _columnar_insert(model: type[Any]) -> Any:
    columns = list(model.__table__.columns)
    arrays = []
    for column in columns:
        # Text goes in as text: the INSERT's own cast then refuses what is too long, where
        # an explicit cast to VARCHAR(n) would silently cut it.
        element = Text() if isinstance(column.type, String) else column.type
        split = func.string_to_array(bindparam(column.key, type_=Text), SEPARATOR, NULL)
        arrays.append(cast(split, ARRAY(element)))
    rows = func.unnest(*arrays).table_valued(*(c.key for c in columns)).render_derived()
    return insert(model.__table__).from_select(
        [c.key for c in columns], select(*(rows.c[c.key] for c in columns))
    )


def _text_of(column: Any) -> Callable[[Any], str]:
    if isinstance(column.type, JSON):
        return json.dumps
    if isinstance(column.type, DateTime):
        return dt.datetime.isoformat
    return str


def _columnar_params(model: type[Any], rows: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    params = {}
    for column in model.__table__.columns:
        text_of = _text_of(column)
        # As SQLAlchemy does: None in a JSON column is the JSON null, elsewhere SQL NULL.
        null = "null" if isinstance(column.type, JSON) and not column.type.none_as_null else NULL
        joined = SEPARATOR.join(
            [null if (value := row[column.key]) is None else text_of(value) for row in rows]
        )
        if joined.count(SEPARATOR) != len(rows) - 1 or (
            NULL in joined and column.nullable is False
        ):
            raise ValueError(f"{model.__name__}.{column.key} : une valeur contient le séparateur")
        params[column.key] = joined
    return params


def _result_columns(
    organisation_id: uuid.UUID, results: Sequence[tuple[Any, ...]]
) -> dict[str, str]:
    """The columns of item results, straight from their tuples (the bulk of all rows)."""
    evaluation_ids, codes, values, revisions, by, at = zip(*results, strict=True)
    columns = {
        "organisation_id": SEPARATOR.join([str(organisation_id)] * len(results)),
        "id": SEPARATOR.join([new_id().hex for _ in results]),
        # An evaluation has tens of results: its identifier is formatted once.
        "evaluation_id": SEPARATOR.join(map(_memo({}, str), evaluation_ids)),
        "item_code": SEPARATOR.join(codes),
        "value": SEPARATOR.join(values),
        "comment": SEPARATOR * (len(results) - 1),
        "changed_in_revision": SEPARATOR.join(map(str, revisions)),
        "updated_by_id": SEPARATOR.join(map(str, by)),
        "updated_at": SEPARATOR.join([moment.isoformat() for moment in at]),
    }
    for key in ("item_code", "value"):
        if columns[key].count(SEPARATOR) != len(results) - 1:
            raise ValueError(f"ItemResult.{key} : une valeur contient le séparateur")
    return columns


def _memo(cache: dict[Any, str], function: Callable[[Any], str]) -> Callable[[Any], str]:
    def cached(value: Any) -> str:
        text = cache.get(value)
        if text is None:
            text = cache[value] = function(value)
        return text

    return cached


_COLUMNAR_INSERTS: dict[type[Any], Any] = {}


def _columnar_statement(model: type[Any]) -> Any:
    if model not in _COLUMNAR_INSERTS:
        _COLUMNAR_INSERTS[model] = _columnar_insert(model)
    return _COLUMNAR_INSERTS[model]


async def _insert_rows(
    session: AsyncSession, model: type[Any], rows: Sequence[dict[str, Any]], columnar: bool
) -> None:
    # string_to_array('') is an empty array: a single row goes the ordinary way.
    if columnar and len(rows) > 1:
        await session.execute(_columnar_statement(model), _columnar_params(model, rows))
    else:
        await session.execute(_insert(model), rows)


async def insert_batch(
    session: AsyncSession, batch: Batch, *, columnar: bool | None = None
) -> None:
    """Insert the batch, each organisation's rows as that organisation.

    ``columnar`` (PostgreSQL only; the default there) sends each column as one string.
    """
    if columnar is None:
        columnar = session.get_bind().dialect.name == "postgresql"
    for organisation_id, tables in batch.rows.items():
        actor = _system_actor(organisation_id)
        with acting_as(actor):
            await refresh_tenant(session)
            for model in INSERT_ORDER:
                if model is ItemResult and columnar:
                    results = batch.results.get(organisation_id, [])
                    for start in range(0, len(results), ITEM_ROWS_PER_STATEMENT):
                        chunk = results[start : start + ITEM_ROWS_PER_STATEMENT]
                        await session.execute(
                            _columnar_statement(ItemResult), _result_columns(organisation_id, chunk)
                        )
                elif model is ItemResult:
                    results = batch.results.get(organisation_id, [])
                    for chunk_rows in _result_rows(organisation_id, results):
                        await _insert_rows(session, ItemResult, chunk_rows, columnar)
                elif rows := tables.get(model):
                    await _insert_rows(session, model, rows, columnar)
            audit.record(session, actor, "demo.scale", [])
            await session.flush()
    await refresh_tenant(session)


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


@dataclass(slots=True)
class _Progress:
    """Shared by the writers: candidates and dossiers handed out, dossiers saved."""

    index: int
    claimed: int
    saved: int


async def top_up(
    factory: async_sessionmaker[AsyncSession],
    registry: CertificationRegistry,
    target: int,
    *,
    today: dt.date,
    writers: int = 1,
    progress: Callable[[str], None] = lambda message: None,
) -> ScaleReport:
    """Add dossiers until the demo organisations hold ``target``; one transaction per batch.

    With ``writers`` > 1 (PostgreSQL), that many batches are written at once on their own
    connections while the next one is generated: the server works while Python does.
    """
    started = time.monotonic()
    async with factory.begin() as session:
        world, existing, index = await load_world(session, registry, today)
    if existing >= target:
        return ScaleReport(existing, 0, time.monotonic() - started)
    progress(
        f"{_thousands(existing)} dossier(s) déjà présents dans les organisations de "
        f"démonstration ; ajout de {_thousands(target - existing)}…"
    )
    state = _Progress(index=index, claimed=existing, saved=existing)

    async def writer() -> None:
        while state.claimed < target:
            # Generated without awaiting: no other writer runs in between.
            batch = Batch()
            while batch.dossiers < BATCH_DOSSIERS and state.claimed + batch.dossiers < target:
                generate_candidate(
                    state.index, world, batch, target - state.claimed - batch.dossiers
                )
                state.index += 1
            state.claimed += batch.dossiers
            async with factory.begin() as session:
                await insert_batch(session, batch)
            state.saved += batch.dossiers
            progress(
                f"  {_thousands(state.saved)} / {_thousands(target)} dossiers "
                f"({100 * state.saved // target} %), {time.monotonic() - started:.0f} s"
            )

    await asyncio.gather(*(writer() for _ in range(max(writers, 1))))
    return ScaleReport(existing, state.saved - existing, time.monotonic() - started)

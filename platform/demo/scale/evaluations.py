"""The évaluations of a dossier: sittings, results saved sitting by sitting, billing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from clea_platform.core.text import add_years
from clea_platform.db.base import new_id
from clea_platform.demo.scale.population import (
    FINAL_SITTINGS,
    INITIAL_SITTINGS,
    VIA_TRAINING_RATE,
    Sitting,
)
from clea_platform.demo.scale.steps import DossierSteps, at
from clea_platform.dossiers.states import DossierStatus
from clea_platform.evaluations.models import (
    BillableEvent,
    Evaluation,
    EvaluationKind,
    EvaluationSession,
    EvaluationStatus,
)
from clea_platform.evaluations.service import BILLABLE_INITIAL_EVALUATION
from clea_platform.referentiels.scoring import ResultValue

S = DossierStatus
# The référentiel's skills are assessed within a professional context.
PROFESSIONAL_CONTEXT = "Mises en situation tirées du poste occupé ou visé par le candidat"


class EvaluationSteps(DossierSteps):
    """The évaluation préalable and the évaluation finale, as the evaluator recorded them."""

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
        start = at(sittings[0][0], *sittings[0][1][0])
        # Started when planned: a sitting still to come was planned before today.
        started = start if sittings[0][0] <= self.today else at(self.today, 8, 30)
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
            saved_at = at(day, *end)
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
        closed_at = at(sittings[-1][0], *sittings[-1][1][1])
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
            professional_context=PROFESSIONAL_CONTEXT,
        )
        if done and kind == EvaluationKind.INITIAL:
            self.batch.add(
                self.org,
                BillableEvent,
                kind=BILLABLE_INITIAL_EVALUATION,
                certification_code=self.catalogue.code,
                subject_id=evaluation_id,
                occurred_at=closed_at,
                amount_cents=self.catalogue.initial_evaluation_cents,
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

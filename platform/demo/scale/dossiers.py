"""One dossier's whole pathway: which stages it went through, and writing them in order."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from clea_platform.db.base import new_id
from clea_platform.demo import data
from clea_platform.demo.scale.evaluations import EvaluationSteps
from clea_platform.demo.scale.population import (
    ABANDONED_AFTER,
    STAGE_DAYS,
    VIA_TRAINING_RATE,
    weighted,
)
from clea_platform.demo.scale.steps import EXPIRY_LABEL, JURY_LABEL, at
from clea_platform.demo.scale.training import TrainingSteps
from clea_platform.dossiers.choices import Financing, InterviewOutcome, PrescriberType
from clea_platform.dossiers.models import Dossier, InformationInterview
from clea_platform.dossiers.service import window_lapsed_comment
from clea_platform.dossiers.states import DossierStatus
from clea_platform.plugins.certification import CertificationLimits

S = DossierStatus


def stages_to(rng: random.Random, status: DossierStatus) -> list[DossierStatus]:
    """The statuses a dossier went through after being opened, ending with ``status``."""
    if status == S.ABANDONED:
        return [*stages_to(rng, weighted(rng, ABANDONED_AFTER)), S.ABANDONED]
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


class DossierWriter(EvaluationSteps, TrainingSteps):
    """Writes one dossier's rows, step by step, as the services would have."""

    def write(self, opened_on: dt.date, stages: Sequence[DossierStatus]) -> dict[str, Any]:
        """Write the pathway from ``opened_on`` through ``stages``; returns the dossier's row."""
        rng = self.rng
        opened_at = at(opened_on, rng.randint(8, 16), rng.choice((0, 15, 30, 45)))
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
                limits = CertificationLimits(training_window_years=self.catalogue.window_years)
                comment = window_lapsed_comment(limits)
                self._event(at(day, 2), S.EXPIRED, EXPIRY_LABEL, comment)
            elif stage != S.READY_FOR_JURY:  # that one is reached by closing an evaluation
                if previous != S.TRAINING:  # the training decided when the candidate left
                    day += dt.timedelta(days=rng.randint(*STAGE_DAYS[(previous, stage)]))
                self._decision(min(day, self.today), stage)
            previous = stage
        # The pathway starts with the information interview; the dossier opens at its end.
        interview_id = new_id()
        self.batch.add(
            self.org,
            InformationInterview,
            id=interview_id,
            created_at=opened_at,
            candidate_id=self.candidate_id,
            certification_code=self.catalogue.code,
            held_on=opened_on,
            adviser_id=self.adviser.user_id,
            outcome=InterviewOutcome.ORIENTED,
            note="",
            recorded_by_id=self.adviser.user_id,
        )
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
            information_interview_id=interview_id,
            person_id=None,  # as its candidate's (see candidates.py)
            financing=Financing.OTHER,
            consent_at=opened_at,
            status=self.status,
            status_changed_at=self.changed_at,
            window_ends_on=self.window_ends_on,
            abandon_reason=self.abandon_reason,
            revision=self.revision,
        )

    def _decision(self, day: dt.date, stage: DossierStatus) -> None:
        rng = self.rng
        if stage == S.ABANDONED:
            self.abandon_reason = rng.choice(data.ABANDON_REASONS)
            self._event(at(day, 11), stage, self.adviser, self.abandon_reason)
        elif stage == S.SUBMITTED_TO_JURY:
            self._event(at(day, 10), stage, self.adviser)
        elif stage == S.NOT_CERTIFIED:
            self._event(at(day, 15), stage, JURY_LABEL, rng.choice(data.JURY_REFUSALS))
        else:
            self._event(at(day, 15), stage, JURY_LABEL)


def stage_days_estimate(stages: Sequence[DossierStatus], window_years: int) -> int:
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

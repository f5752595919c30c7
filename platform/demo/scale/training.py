"""The training of a dossier: the plan built from the gaps, and the hours done."""

from __future__ import annotations

import datetime as dt

from clea_platform.demo import data
from clea_platform.demo.scale.population import STAGE_DAYS
from clea_platform.demo.scale.steps import DossierSteps, at
from clea_platform.dossiers.states import DossierStatus
from clea_platform.training.models import (
    ObjectiveStatus,
    TrainingObjective,
    TrainingPlan,
    TrainingProgress,
)

S = DossierStatus


class TrainingSteps(DossierSteps):
    """The individual training plan and the progress recorded until the candidate moved on."""

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
            created_at=at(entered, 16),
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
                status=ObjectiveStatus.TO_DO,
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
                recorded_at=at(day, 17, 30),
            )
            hours_done += hours
            day += dt.timedelta(days=rng.randint(3, 10))
        return left if following is not None else entered

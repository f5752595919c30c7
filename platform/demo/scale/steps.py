"""A dossier being written: its state, and the timeline events that move it."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from clea_platform.db.base import new_id
from clea_platform.demo.scale.model import Batch, Catalogue, DemoTenant, Person, Profile, World
from clea_platform.dossiers.models import DossierEvent
from clea_platform.dossiers.states import DossierStatus

S = DossierStatus

EXPIRY_LABEL = "système (expiration quotidienne)"
JURY_LABEL = "Jury paritaire Certif'Pro"


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC)


class DossierSteps:
    """The state of one dossier as its pathway is written, step by step."""

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
        self.changed_at = at(world.today, 9)
        self.window_ends_on: dt.date | None = None
        self.abandon_reason = ""
        self.profile: Profile | None = None

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

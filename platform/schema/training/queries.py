"""Root queries of training: the plans a training organisation delivers, the trainers of an
accredited training organisation. Resolvers call one accessor and map its answer."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from clea_platform.schema.context import Info
from clea_platform.schema.identity.types import StaffMember, StaffRole
from clea_platform.schema.ids import optional_id
from clea_platform.schema.training.types import DeliveredTrainingPlanType
from clea_platform.training import delivery, staffing


@strawberry.type
class TrainingQueries:
    @strawberry.field(
        description=(
            "The plans the caller's organisation delivers as training organisation, whoever "
            "the evaluator (objectives, hours, progress; audited)."
        )
    )
    async def delivered_training_plans(self, info: Info) -> list[DeliveredTrainingPlanType]:
        plans = await delivery.delivered_plans(info.context.session, info.context.actor)
        return [DeliveredTrainingPlanType.from_delivered(plan) for plan in plans]

    @strawberry.field(
        description=(
            "The trainers of an organisation accredited to train the certification, to name "
            "one on a plan (empty if it is not accredited for training; audited)."
        )
    )
    async def training_organisation_trainers(
        self,
        info: Info,
        organisation_id: Annotated[
            strawberry.ID, strawberry.argument(description="The training organisation.")
        ],
        certification_code: Annotated[
            str, strawberry.argument(description="The dossier's certification.")
        ],
    ) -> list[StaffMember]:
        organisation = optional_id(organisation_id)
        if organisation is None:
            return []
        trainers = await staffing.trainers_of(
            info.context.session,
            info.context.actor,
            organisation,
            certification_code,
            today=dt.date.today(),
        )
        return [
            StaffMember(
                id=strawberry.ID(str(person.user_id)),
                display_name=person.display_name,
                roles=[StaffRole(r.value) for r in person.roles],
            )
            for person in trainers
        ]

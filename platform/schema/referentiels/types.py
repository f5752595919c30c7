"""GraphQL types of the référentiels context: certifications and référentiel versions."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from clea_platform.plugins.certification import Certification
from clea_platform.referentiels.models import ReferentielVersion, VersionStatus
from clea_platform.referentiels.scoring import acquisition_threshold
from clea_platform.schema.context import Info

# Exposes the model's enum as is: GraphQL and the database share one list of states.
strawberry.enum(
    VersionStatus,
    name="ReferentielVersionStatus",
    description="Lifecycle of a version: draft, published for new dossiers, or retired.",
)


@strawberry.type(
    name="CertificationLimits", description="Duration limits of the pathway for a certification."
)
class CertificationLimitsType:
    initial_evaluation_max_minutes: int = strawberry.field(
        description="Maximum total duration of the évaluation préalable, in minutes."
    )
    final_evaluation_max_minutes: int = strawberry.field(
        description="Maximum total duration of the évaluation finale, in minutes."
    )
    training_window_years: int = strawberry.field(
        description="Years allowed after the évaluation préalable to reach the jury."
    )


@strawberry.type(
    name="ReferentielLevel",
    description="One level of a référentiel tree and how many nodes it holds.",
)
class ReferentielLevelType:
    depth: int = strawberry.field(description="1 for the outermost level (domains).")
    name: str = strawberry.field(description="Level name, e.g. « sous-domaine ».")
    count: int = strawberry.field(description="Number of nodes at this level in this version.")
    official_count: int | None = strawberry.field(
        description="Count announced by the official référentiel, when known."
    )


@strawberry.type(
    name="ReferentielItem",
    description="A node of a référentiel tree; leaves are the evaluable items.",
)
class ReferentielItemType:
    code: str = strawberry.field(description="Code unique within the version, e.g. 1.2.3.")
    title: str = strawberry.field(description="French title.")
    depth: int = strawberry.field(description="1 for a domain, 2 for a sub-domain, …")
    level_name: str = strawberry.field(description="Name of the node's level.")
    position: int = strawberry.field(description="Position among its siblings, from 0.")
    parent_code: str | None = strawberry.field(description="Code of the parent; null at depth 1.")
    is_leaf: bool = strawberry.field(description="Leaves are the evaluable items.")
    provisional: bool = strawberry.field(
        description="The title or existence of this node is not confirmed by an official source."
    )


@strawberry.type(
    name="ReferentielVersion", description="A version of a certification's référentiel."
)
class ReferentielVersionType:
    id: strawberry.ID = strawberry.field(description="Unique identifier of the version.")
    certification_code: str = strawberry.field(description="Code of the certification.")
    version: str = strawberry.field(description="Version label, e.g. 2021-transcription-1.")
    status: VersionStatus = strawberry.field(description="Lifecycle status.")
    provisional: bool = strawberry.field(
        description="True while the version is not the official text."
    )
    published_at: dt.datetime | None = strawberry.field(description="When it was published.")
    notes: list[str] = strawberry.field(description="Known gaps and remarks on this version.")
    provenance: list[str] = strawberry.field(description="Sources the version was built from.")
    scoring: JSON = strawberry.field(description="Scoring parameters read by the plugin.")

    version_id: strawberry.Private[uuid.UUID]
    level_names: strawberry.Private[list[str]]
    counts_official: strawberry.Private[dict[str, Any]]

    @classmethod
    def from_model(
        cls, model: ReferentielVersion, certification_code: str
    ) -> ReferentielVersionType:
        return cls(
            id=strawberry.ID(str(model.id)),
            certification_code=certification_code,
            version=model.label,
            status=model.status,
            provisional=model.provisional,
            published_at=model.published_at,
            notes=list(model.notes),
            provenance=list(model.provenance),
            scoring=JSON(model.scoring),
            version_id=model.id,
            level_names=list(model.levels),
            counts_official=dict(model.counts_official),
        )

    @strawberry.field(description="Tree levels, outermost first, with their node counts.")
    async def levels(self, info: Info) -> list[ReferentielLevelType]:
        counts = await info.context.referentiel_loaders.level_counts_by_version.load(
            self.version_id
        )
        return [
            ReferentielLevelType(
                depth=depth,
                name=name,
                count=counts.get(depth, 0),
                official_count=self.counts_official.get(name),
            )
            for depth, name in enumerate(self.level_names, start=1)
        ]

    @strawberry.field(
        description=(
            "Every node of the tree, flat, in depth-first order; "
            "parentCode links a node to its parent."
        )
    )
    async def items(self, info: Info) -> list[ReferentielItemType]:
        cached = _item_types.get(self.version_id)
        if cached is not None:
            return cached
        rows = await info.context.referentiel_loaders.items_by_version.load(self.version_id)
        names = self.level_names
        built = [
            ReferentielItemType(
                code=row.code,
                title=row.title,
                depth=row.depth,
                level_name=names[min(row.depth, len(names)) - 1],
                position=row.position,
                parent_code=row.parent_code,
                is_leaf=row.is_leaf,
                provisional=row.provisional,
            )
            for row in rows
        ]
        if built:  # versions never change once stored: build their items once
            _item_types[self.version_id] = built
        return built


# GraphQL objects of each stored version's items, by version id (see ``items``).
_item_types: dict[uuid.UUID, list[ReferentielItemType]] = {}


@strawberry.enum(name="ResultScaleKind", description="How results are recorded per item.")
class ResultScaleKind(enum.Enum):
    CHOICE = "choice"
    PERCENT = "percent"


@strawberry.type(name="ResultScaleChoice", description="One value of a categorical scale.")
class ResultScaleChoiceType:
    value: str = strawberry.field(description="What to send as an item's value, e.g. acquis.")
    label: str = strawberry.field(description="French label, e.g. « Non acquis ».")
    acquired: bool = strawberry.field(description="Whether this value counts as acquired.")


@strawberry.type(
    name="ResultScale",
    description="What an evaluator records for one item of a certification, from its plugin.",
)
class ResultScaleType:
    kind: ResultScaleKind = strawberry.field(
        description="CHOICE: one of `choices`; PERCENT: an integer from `minimum` to `maximum`."
    )
    choices: list[ResultScaleChoiceType] = strawberry.field(
        description="The values of a CHOICE scale, in display order (empty for PERCENT)."
    )
    minimum: int | None = strawberry.field(description="PERCENT: lowest value (null for CHOICE).")
    maximum: int | None = strawberry.field(description="PERCENT: highest value (null for CHOICE).")
    acquired_from: float | None = strawberry.field(
        description=(
            "PERCENT: an item scored at or above it counts as acquired, under the published "
            "version's scoring parameters; null for CHOICE or when the rule does not say."
        )
    )
    summary: str = strawberry.field(
        description="The scale in one French sentence, to show next to the grid."
    )

    @classmethod
    def from_certification(
        cls, certification: Certification, parameters: dict[str, Any]
    ) -> ResultScaleType:
        scale = certification.scale
        if scale.kind == "choice":
            labels = " ou ".join(f"« {choice.label} »" for choice in scale.choices)
            acquired = [choice.label for choice in scale.choices if choice.acquired]
            return cls(
                kind=ResultScaleKind.CHOICE,
                choices=[
                    ResultScaleChoiceType(
                        value=choice.value, label=choice.label, acquired=choice.acquired
                    )
                    for choice in scale.choices
                ],
                minimum=None,
                maximum=None,
                acquired_from=None,
                summary=f"Résultat par item : {labels} ; "
                f"{'compte' if len(acquired) == 1 else 'comptent'} comme acquis : "
                f"{', '.join(f'« {label} »' for label in acquired) or 'aucune valeur'}.",
            )
        threshold = acquisition_threshold(certification.scoring, parameters)
        summary = f"Score par item : un pourcentage entier de {scale.minimum} à {scale.maximum}"
        if threshold is not None:
            summary += f" ; acquis à partir de {threshold:g} %"
        return cls(
            kind=ResultScaleKind.PERCENT,
            choices=[],
            minimum=scale.minimum,
            maximum=scale.maximum,
            acquired_from=threshold,
            summary=summary + ".",
        )


@strawberry.type(description="A certification's own accreditation fees (its plugin's).")
class CertificationAccreditationFees:
    application_fee_cents: int = strawberry.field(description="Per application (cents).")
    site_fee_cents: int = strawberry.field(description="Per establishment (cents).")


@strawberry.type(
    name="Certification",
    description="A certification offered on the platform, contributed by a plugin.",
)
class CertificationType:
    code: str = strawberry.field(
        description="Stable machine code, e.g. CLEA, CLEA_NUMERIQUE, CLEA_MANAGEMENT."
    )
    title: str = strawberry.field(description="Full French title.")
    certifier: str = strawberry.field(description="The body that awards the certification.")
    plugin: str = strawberry.field(description="Name of the plugin that provides it.")
    limits: CertificationLimitsType = strawberry.field(
        description="Duration limits of the pathway."
    )
    certification: strawberry.Private[Certification]

    @classmethod
    def from_certification(cls, certification: Certification) -> CertificationType:
        limits = certification.limits
        return cls(
            certification=certification,
            code=certification.code,
            title=certification.title,
            certifier=certification.certifier,
            plugin=certification.plugin,
            limits=CertificationLimitsType(
                initial_evaluation_max_minutes=limits.initial_evaluation_max_minutes,
                final_evaluation_max_minutes=limits.final_evaluation_max_minutes,
                training_window_years=limits.training_window_years,
            ),
        )

    @strawberry.field(description="Its plugin's accreditation fees (a campaign may override them).")
    def accreditation_fees(self) -> CertificationAccreditationFees:
        fees = self.certification.fees
        return CertificationAccreditationFees(
            application_fee_cents=fees.application_cents, site_fee_cents=fees.site_cents
        )

    @strawberry.field(description="The référentiel version currently published, if any.")
    async def current_version(self, info: Info) -> ReferentielVersionType | None:
        loader = info.context.referentiel_loaders.published_version_by_certification
        version = await loader.load(self.code)
        return None if version is None else ReferentielVersionType.from_model(version, self.code)

    @strawberry.field(
        description=(
            "The result scale of its plugin: values, French labels, and which count as acquired."
        )
    )
    async def scale(self, info: Info) -> ResultScaleType:
        loader = info.context.referentiel_loaders.published_version_by_certification
        version = await loader.load(self.code)
        parameters = dict(version.scoring) if version is not None else {}
        return ResultScaleType.from_certification(self.certification, parameters)


@strawberry.enum(description="Why a référentiel could not be returned.")
class ReferentielNotFoundCode(enum.Enum):
    UNKNOWN_CERTIFICATION = "unknown_certification"
    UNKNOWN_VERSION = "unknown_version"


# The shared NotFound has no code; this one keeps it because the two misses call for
# different remedies (install the certification's plugin, or ask for another version)
# and clients tell them apart by it. Same place in the union as NotFound elsewhere.
@strawberry.type(
    description=(
        "Returned instead of a version when the certification or version does not exist "
        "(the référentiel query's NotFound, with the reason as a code)."
    )
)
class ReferentielNotFound:
    code: ReferentielNotFoundCode = strawberry.field(description="Machine-readable reason.")
    message: str = strawberry.field(description="French, user-facing explanation.")


ReferentielResult = Annotated[
    ReferentielVersionType | ReferentielNotFound,
    strawberry.union(
        "ReferentielResult", description="A référentiel version, or why there is none."
    ),
]

"""Référentiel versions managed by Certif'Pro: preview, import, publish, discard.

Each resolver reads its input, calls one function of
:mod:`clea_platform.referentiels.management` and maps the result.
"""

from __future__ import annotations

from typing import ClassVar

import strawberry

from clea_platform.referentiels import management
from clea_platform.referentiels.management import ReferentielErrorCode, VersionDiff
from clea_platform.schema.context import Info
from clea_platform.schema.errors import FromDomainError
from clea_platform.schema.referentiels.types import ReferentielVersionType

strawberry.enum(
    ReferentielErrorCode,
    name="ReferentielProblemCode",
    description="Why a référentiel version was refused.",
)


@strawberry.type(description="Why a référentiel change was refused.")
class ReferentielProblem(FromDomainError):  # noqa: N818 (a GraphQL type, not an exception)
    code: ReferentielErrorCode = strawberry.field(description="Machine-readable reason.")
    field: str | None = strawberry.field(description="Input field at fault, if any.")
    message: str = strawberry.field(
        description="French explanation; a file's problems name their JSON path."
    )


@strawberry.type(
    name="ReferentielItemChange",
    description="A node of the tree added, removed or renamed by a version.",
)
class ReferentielItemChangeType:
    code: str = strawberry.field(description="The node's code, e.g. 1.2.3.")
    title: str = strawberry.field(description="Its title (in the new version, if it has one).")
    previous_title: str | None = strawberry.field(description="Its title before a rename.")


@strawberry.type(
    name="ReferentielDiff", description="What a version changes from the published one."
)
class ReferentielDiffType:
    certification_code: str = strawberry.field(description="The certification.")
    version: str = strawberry.field(description="The version compared.")
    base_version: str | None = strawberry.field(
        description="The published version it is compared with; null when there is none."
    )
    added: list[ReferentielItemChangeType] = strawberry.field(description="Nodes added.")
    removed: list[ReferentielItemChangeType] = strawberry.field(description="Nodes removed.")
    renamed: list[ReferentielItemChangeType] = strawberry.field(description="Nodes renamed.")

    @classmethod
    def from_diff(cls, diff: VersionDiff) -> ReferentielDiffType:
        def changes(items: tuple[management.ItemChange, ...]) -> list[ReferentielItemChangeType]:
            return [
                ReferentielItemChangeType(
                    code=item.code, title=item.title, previous_title=item.previous_title
                )
                for item in items
            ]

        return cls(
            certification_code=diff.certification_code,
            version=diff.version,
            base_version=diff.base_version,
            added=changes(diff.added),
            removed=changes(diff.removed),
            renamed=changes(diff.renamed),
        )


@strawberry.input(description="A référentiel file (clea-referentiel/1, JSON) as text.")
class ReferentielDocumentInput:
    document: str = strawberry.field(description="The file's content (UTF-8 JSON).")


@strawberry.input(description="A stored version of a certification's référentiel.")
class ReferentielVersionInput:
    certification_code: str = strawberry.field(description="The certification, e.g. CLEA.")
    version: str = strawberry.field(description="The version's label.")


@strawberry.type(description="Result of previewing a référentiel file (nothing is stored).")
class PreviewReferentielVersionPayload:
    error_type: ClassVar[type[ReferentielProblem]] = ReferentielProblem
    diff: ReferentielDiffType | None = strawberry.field(default=None, description="The changes.")
    errors: list[ReferentielProblem] = strawberry.field(
        default_factory=list, description="Problems."
    )


@strawberry.type(description="Result of importing a référentiel file as a draft version.")
class ImportReferentielVersionPayload:
    error_type: ClassVar[type[ReferentielProblem]] = ReferentielProblem
    version: ReferentielVersionType | None = strawberry.field(
        default=None, description="The draft stored."
    )
    diff: ReferentielDiffType | None = strawberry.field(default=None, description="The changes.")
    errors: list[ReferentielProblem] = strawberry.field(
        default_factory=list, description="Problems."
    )


@strawberry.type(description="Result of publishing or discarding a draft version.")
class ReferentielVersionChangePayload:
    error_type: ClassVar[type[ReferentielProblem]] = ReferentielProblem
    version: ReferentielVersionType | None = strawberry.field(
        default=None, description="The version, with its new status."
    )
    errors: list[ReferentielProblem] = strawberry.field(
        default_factory=list, description="Problems."
    )


@strawberry.type
class ReferentielManagementQueries:
    @strawberry.field(
        description="Every version of a certification's référentiel, drafts included, newest first."
    )
    async def referentiel_versions(
        self, info: Info, certification_code: str
    ) -> list[ReferentielVersionType]:
        versions = await management.versions(
            info.context.session, info.context.actor, certification_code
        )
        return [ReferentielVersionType.from_model(v, certification_code) for v in versions]


@strawberry.type
class ReferentielManagementMutations:
    @strawberry.mutation(
        description="Check a référentiel file and compare it with the published version."
    )
    async def preview_referentiel_version(
        self, info: Info, input: ReferentielDocumentInput
    ) -> PreviewReferentielVersionPayload:
        diff = await management.preview_version(
            info.context.session, info.context.actor, info.context.registry, input.document
        )
        return PreviewReferentielVersionPayload(diff=ReferentielDiffType.from_diff(diff))

    @strawberry.mutation(description="Store a référentiel file as a draft version.")
    async def import_referentiel_version(
        self, info: Info, input: ReferentielDocumentInput
    ) -> ImportReferentielVersionPayload:
        version, diff = await management.import_version(
            info.context.session, info.context.actor, info.context.registry, input.document
        )
        return ImportReferentielVersionPayload(
            version=ReferentielVersionType.from_model(version, diff.certification_code),
            diff=ReferentielDiffType.from_diff(diff),
        )

    @strawberry.mutation(
        description="Publish a draft: new dossiers use it; the version published before retires."
    )
    async def publish_referentiel_version(
        self, info: Info, input: ReferentielVersionInput
    ) -> ReferentielVersionChangePayload:
        version = await management.publish(
            info.context.session, info.context.actor, input.certification_code, input.version
        )
        return ReferentielVersionChangePayload(
            version=ReferentielVersionType.from_model(version, input.certification_code)
        )

    @strawberry.mutation(description="Discard a draft version that will not be published.")
    async def discard_referentiel_version(
        self, info: Info, input: ReferentielVersionInput
    ) -> ReferentielVersionChangePayload:
        version = await management.discard(
            info.context.session, info.context.actor, input.certification_code, input.version
        )
        return ReferentielVersionChangePayload(
            version=ReferentielVersionType.from_model(version, input.certification_code)
        )

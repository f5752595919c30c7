"""GraphQL types of imports: the import, its report, the problems of a change."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar

import strawberry

from clea_platform.exchange import service as imports
from clea_platform.exchange.models import ImportBatch, ImportProblem
from clea_platform.schema.context import Info
from clea_platform.schema.errors import FromDomainError
from clea_platform.schema.exchange.enums import ExchangeErrorCode, ImportKind, ImportStatus
from clea_platform.schema.notfound import NotFound

#: Problems shown on the page (the CSV download has every kept line).
MAX_PROBLEMS_SHOWN = 500


@strawberry.type(description="Why an import change was refused.")
class ExchangeProblem(FromDomainError):  # noqa: N818 (a GraphQL type, not an exception)
    code: ExchangeErrorCode = strawberry.field(description="Machine-readable reason.")
    field: str | None = strawberry.field(description="Input field at fault, if any.")
    message: str = strawberry.field(description="French explanation.")


@strawberry.type(name="ImportProblem", description="One line of a validation report.")
class ImportProblemType:
    row: int = strawberry.field(description="Row of the file (1 is the header row).")
    column: str = strawberry.field(description="Column's header (empty: the whole row or file).")
    reason: str = strawberry.field(description="French reason, with what is accepted.")

    @classmethod
    def from_model(cls, problem: ImportProblem) -> ImportProblemType:
        return cls(row=problem.row_number, column=problem.column, reason=problem.reason)


@strawberry.type(name="ImportBatch", description="An uploaded file, its report and its outcome.")
class ImportBatchType:
    id: strawberry.ID = strawberry.field(description="ID.")
    kind: ImportKind = strawberry.field(description="What the file holds.")
    filename: str = strawberry.field(description="The uploaded file's name.")
    status: ImportStatus = strawberry.field(description="Where the import stands.")
    row_count: int = strawberry.field(description="Data rows in the file (once read through).")
    rows_done: int = strawberry.field(description="Rows processed so far (the progress bar).")
    problem_count: int = strawberry.field(description="Problems found (all, not only those kept).")
    created_count: int = strawberry.field(description="Dossiers the confirmation created.")
    failure: str = strawberry.field(description="Why the confirmation failed (French), if it did.")
    in_background: bool = strawberry.field(description="Processed by a background job.")
    created_at: dt.datetime = strawberry.field(description="Uploaded at.")
    confirmed_at: dt.datetime | None = strawberry.field(description="Confirmed at.")

    @classmethod
    def from_model(cls, batch: ImportBatch) -> ImportBatchType:
        return cls(
            id=strawberry.ID(str(batch.id)),
            kind=batch.kind,
            filename=batch.filename,
            status=batch.status,
            row_count=batch.row_count,
            rows_done=imports.rows_done(batch),
            problem_count=batch.problem_count,
            created_count=batch.created_count,
            failure=batch.failure,
            in_background=batch.in_background,
            created_at=batch.created_at,
            confirmed_at=batch.confirmed_at,
        )

    @strawberry.field(
        description=f"The report's first {MAX_PROBLEMS_SHOWN} problems, in row order (the "
        "CSV download has every kept line)."
    )
    async def problems(self, info: Info) -> list[ImportProblemType]:
        rows = await imports.problems_of(
            info.context.session,
            info.context.actor,
            imports.parse_batch_id(self.id),
            limit=MAX_PROBLEMS_SHOWN,
        )
        return [ImportProblemType.from_model(row) for row in rows]


ImportBatchResult = Annotated[
    ImportBatchType | NotFound,
    strawberry.union("ImportBatchResult", description="An import, or why it is not there."),
]


@strawberry.type(description="Result of confirming an import.")
class ConfirmImportPayload:
    error_type: ClassVar[type[ExchangeProblem]] = ExchangeProblem
    import_batch: ImportBatchType | None = strawberry.field(default=None, description="It.")
    errors: list[ExchangeProblem] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of dropping an import.")
class DiscardImportPayload:
    error_type: ClassVar[type[ExchangeProblem]] = ExchangeProblem
    discarded_id: strawberry.ID | None = strawberry.field(default=None, description="Its ID.")
    errors: list[ExchangeProblem] = strawberry.field(default_factory=list, description="Problems.")

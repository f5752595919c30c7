"""Every mutation is one unit of work: all saved and audited, or nothing saved.

:class:`UnitOfWork` wraps each root mutation field. On success it commits (with at
least one audit event) and lets queued emails go; on a domain error it rolls back,
turns the error(s) into the payload's typed ``errors`` and records the refusal; on any
other exception it rolls back and lets the error be masked.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from strawberry.extensions.field_extension import AsyncExtensionResolver, FieldExtension
from strawberry.types.field import StrawberryField

from clea_platform.audit import service as audit
from clea_platform.audit.models import AuditEvent
from clea_platform.core.errors import DomainError, InvalidFormError


class UnitOfWork(FieldExtension):
    def apply(self, field: StrawberryField) -> None:
        self.payload_type: Any = field.type
        self.operation = field.graphql_name or field.python_name

    async def resolve_async(
        self, next_: AsyncExtensionResolver, source: Any, info: Any, **kwargs: Any
    ) -> Any:
        context = info.context
        session = context.session
        try:
            result = await next_(source, info, **kwargs)
        except (DomainError, InvalidFormError) as exc:
            await session.rollback()
            errors = exc.errors if isinstance(exc, InvalidFormError) else [exc]
            audit.record(session, context.actor, self.operation, [], outcome="refused")
            await session.commit()
            return self.payload_type(
                errors=[self.payload_type.error_type.from_domain(error) for error in errors]
            )
        except BaseException:
            await session.rollback()
            raise
        if not any(isinstance(obj, AuditEvent) for obj in session.new):
            audit.record(session, context.actor, self.operation, [])
        await session.commit()
        for callback in context.after_commit:
            callback()
        return result


def install_unit_of_work(fields: list[StrawberryField]) -> None:
    for field in fields:
        field.extensions = [*field.extensions, UnitOfWork()]


AfterCommit = Callable[[], None] | Callable[[], Awaitable[None]]

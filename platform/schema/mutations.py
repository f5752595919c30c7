"""Every mutation is one unit of work: all saved and audited, or nothing saved.

:class:`UnitOfWork` wraps each root mutation field. On success it commits (with at
least one audit event) and lets queued emails go; on a domain error it rolls back,
turns the error(s) into the payload's typed ``errors`` and records the refusal; on any
other exception it rolls back and lets the error be masked.

On SQLite a transaction that has read cannot write once another connection has committed
in the meantime ("database is locked" at once: the busy timeout does not apply to a stale
snapshot). Such a mutation is rolled back and run again from the start, after a short
growing pause, in a transaction that is a writer from its start
(:func:`clea_platform.db.engine.begin_writing`, ``BEGIN IMMEDIATE``): it waits for the
other writer (the busy timeout) instead of reading a snapshot that may go stale, so the
second attempt does not meet the same refusal. Writers keep their transactions short (the
outbox sends outside any transaction), so that wait is short too.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy.exc import OperationalError
from strawberry.extensions.field_extension import AsyncExtensionResolver, FieldExtension
from strawberry.types.field import StrawberryField
from strawberry.utils.str_converters import to_camel_case

from clea_platform.audit import service as audit
from clea_platform.core.errors import DomainError, InvalidFormError
from clea_platform.db.engine import begin_writing
from clea_platform.mail.service import MAIL_QUEUED

SQLITE_BUSY_ATTEMPTS = 5
#: Mutations that also write in transactions of their own while they run (a login counts
#: the attempt at once; closing a jury session starts the issuance): holding the writer
#: from the start would make those wait for the mutation itself, so their attempts after
#: the first stay ordinary transactions.
OWN_TRANSACTIONS = frozenset(
    {"login", "closeJurySession", "retryCertificateIssuance", "signInCandidateWithCode"}
)
SQLITE_BUSY_PAUSE_SECONDS = 0.02


def sqlite_busy(exc: BaseException) -> bool:
    """SQLite refused a write because another connection wrote (or still holds the lock)."""
    return isinstance(exc, OperationalError) and "database is locked" in str(exc.orig)


class UnitOfWork(FieldExtension):
    def apply(self, field: StrawberryField) -> None:
        self.payload_type: Any = field.type
        self.operation = field.graphql_name or to_camel_case(field.python_name)

    async def resolve_async(
        self, next_: AsyncExtensionResolver, source: Any, info: Any, **kwargs: Any
    ) -> Any:
        session = info.context.session
        attempt = 1
        while True:
            try:
                if attempt > 1 and self.operation not in OWN_TRANSACTIONS:
                    # This attempt holds the writer's lock from its start (waits if taken).
                    await begin_writing(session)
                return await self._run(next_, source, info, **kwargs)
            except OperationalError as exc:
                if attempt >= SQLITE_BUSY_ATTEMPTS or not sqlite_busy(exc):
                    raise
            # Nothing of the failed attempt is kept: run the mutation again from the start.
            await session.rollback()
            audit.discard_pending(session)
            session.info.pop(MAIL_QUEUED, None)
            await asyncio.sleep(SQLITE_BUSY_PAUSE_SECONDS * attempt)
            attempt += 1

    async def _run(
        self, next_: AsyncExtensionResolver, source: Any, info: Any, **kwargs: Any
    ) -> Any:
        context = info.context
        session = context.session
        try:
            result = await next_(source, info, **kwargs)
        except (DomainError, InvalidFormError) as exc:
            await session.rollback()
            audit.discard_pending(session)
            session.info.pop(MAIL_QUEUED, None)
            errors = exc.errors if isinstance(exc, InvalidFormError) else [exc]
            # Built first: a code the payload does not know fails before anything is kept.
            problems = [self.payload_type.error_type.from_domain(error) for error in errors]
            audit.record(session, context.actor, self.operation, [], outcome="refused")
            await session.commit()
            session.info.pop(audit.AUDITED, None)
            return self.payload_type(errors=problems)
        except BaseException:
            await session.rollback()
            audit.discard_pending(session)
            raise
        if not session.info.pop(audit.AUDITED, False):
            audit.record(session, context.actor, self.operation, [])
        session.info.pop(audit.AUDITED, None)
        queued_mail = session.info.pop(MAIL_QUEUED, False)
        await session.commit()
        if queued_mail:
            context.kick_mailer()
        return result


def install_unit_of_work(fields: list[StrawberryField]) -> None:
    for field in fields:
        field.extensions = [*field.extensions, UnitOfWork()]

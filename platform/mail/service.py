"""Sending email through the outbox.

Messages are added to ``outbox_email`` in the transaction of the action that causes
them (an invitation is never lost or sent for a rolled-back action), then delivered by
:func:`deliver_pending`: over SMTP when ``CLEA_SMTP_URL`` is set
(``smtp://user:password@host:port``, ``smtp+starttls://…``), otherwise written as
``.eml`` files under ``<data dir>/mail/`` for development.

One message never holds up the others. A round claims the messages that are due (each
one's attempt counted and its next one pushed back, :func:`backoff`, committed before
anything is sent), delivers each on its own, then records each outcome. A message that
cannot be built (a header that would not encode) or that the server refuses for good
(5xx) is set aside at once (status ``dead``); a transient failure is retried with
exponential backoff, and set aside after :data:`MAX_ATTEMPTS`. Certif'Pro administrators
list the messages set aside and send one again (``dead_letters.py``). Delivery is at
least once: a process that dies between sending and recording sends again later.

Header values are encoded here whatever their origin: line breaks and other control
characters become spaces (the input bounds already refuse them in the API), and
non-ASCII text is RFC 2047-encoded by the ``email`` package.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import smtplib
import uuid
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.core.config import Settings
from clea_platform.core.retry import RetryPolicy
from clea_platform.db.base import utcnow
from clea_platform.db.engine import begin_writing
from clea_platform.mail.models import MAIL_QUEUED as MAIL_QUEUED  # re-exported
from clea_platform.mail.models import OutboxEmail, OutboxStatus

logger = logging.getLogger(__name__)

SENDER = Address("Certif'Pro — plateforme CléA", "no-reply", "clea.invalid")
#: The mail channel's policy (``core/retry.py``, shared with the webhooks' outbox).
RETRY = RetryPolicy(dt.timedelta(minutes=1), factor=4, max_attempts=5)
MAX_ATTEMPTS = RETRY.max_attempts
FIRST_RETRY = RETRY.first_retry


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with a message; ``content_type`` may carry parameters
    (``text/calendar; method=REQUEST``)."""

    filename: str
    content_type: str
    content: bytes


def enqueue(
    session: AsyncSession,
    recipient: str,
    subject: str,
    body: str,
    *,
    attachment: Attachment | None = None,
) -> OutboxEmail:
    email = OutboxEmail(recipient=recipient, subject=subject, body=body)
    if attachment is not None:
        email.attachment_name = attachment.filename
        email.attachment_type = attachment.content_type
        email.attachment = attachment.content
    session.add(email)
    session.info[MAIL_QUEUED] = True
    return email


def backoff(attempts: int) -> dt.timedelta:
    """The wait after the ``attempts``-th failed attempt: 1, 4, 16, 64 minutes…"""
    return RETRY.backoff(attempts)


def header_text(value: str) -> str:
    """``value`` on one line: control characters (CR, LF, NUL…) become spaces.

    Example:
        >>> header_text("Organisme\\r\\nBcc: victime@exemple.fr")
        'Organisme  Bcc: victime@exemple.fr'
    """
    return "".join(" " if ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F else ch for ch in value)


def build_message(email: OutboxEmail) -> EmailMessage:
    """The message as sent; raises (ValueError…) when the recipient is not one address."""
    message = EmailMessage()
    message["From"] = SENDER
    # Parsed, not pasted: one address or an error, never extra headers or recipients.
    message["To"] = Address(addr_spec=email.recipient)
    message["Subject"] = header_text(email.subject)
    message["Message-ID"] = f"<{email.id}@clea.invalid>"
    message.set_content(email.body)
    if email.attachment is not None:
        _attach(message, email)
    return message


def _attach(message: EmailMessage, email: OutboxEmail) -> None:
    main, _, parameters = email.attachment_type.partition(";")
    maintype, _, subtype = main.strip().partition("/")
    params = dict(
        (key.strip(), value.strip().strip('"'))
        for key, _, value in (p.partition("=") for p in parameters.split(";") if "=" in p)
    )
    message.add_attachment(
        email.attachment,
        maintype=maintype,
        subtype=subtype,
        filename=header_text(email.attachment_name),
        params=params,
    )


def _send_smtp(url: str, message: EmailMessage) -> None:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 25
    with smtplib.SMTP(host, port, timeout=10) as smtp:
        if parts.scheme == "smtp+starttls":
            smtp.starttls()
        if parts.username:
            smtp.login(unquote(parts.username), unquote(parts.password or ""))
        smtp.send_message(message)


def _write_file(directory: Path, email_id: uuid.UUID, message: EmailMessage) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{utcnow():%Y%m%d-%H%M%S}-{email_id}.eml").write_bytes(message.as_bytes())


def is_permanent(exc: BaseException) -> bool:
    """Retrying cannot help: the server refused for good (5xx), or the message is broken.

    Network trouble, timeouts and 4xx answers (``OSError``, which ``smtplib`` errors
    are) are worth another try.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return not isinstance(exc, OSError)


@dataclass(frozen=True, slots=True)
class _Claimed:
    id: uuid.UUID
    attempts: int
    message: EmailMessage | None
    problem: str


@dataclass(frozen=True, slots=True)
class _Outcome:
    claimed: _Claimed
    error: str = ""
    permanent: bool = False

    @property
    def sent(self) -> bool:
        return not self.error


async def deliver_pending(
    sessions: async_sessionmaker[AsyncSession], settings: Settings, limit: int = 100
) -> int:
    """Deliver the messages that are due, each on its own; returns how many were sent.

    Two short transactions per round, whatever the number of messages: the claim, then
    the outcomes. Each is a writer from its start (:func:`begin_writing`: on SQLite it
    waits for a request that is writing rather than failing), and nothing is built or sent
    while one is open, so a request never waits on the sender for longer than a few
    updates.
    """
    claimed = await _claim_due(sessions, limit)
    outcomes = []
    for item in claimed:
        if item.message is None:
            outcomes.append(_Outcome(item, item.problem, permanent=True))
            continue
        try:
            if settings.smtp_url:
                await asyncio.to_thread(_send_smtp, settings.smtp_url, item.message)
            else:
                _write_file(settings.data_dir / "mail", item.id, item.message)
        # Whatever goes wrong with one message is recorded on it; the round goes on.
        except Exception as exc:
            outcomes.append(_Outcome(item, str(exc) or type(exc).__name__, is_permanent(exc)))
        else:
            outcomes.append(_Outcome(item))
    if outcomes:
        await _record(sessions, outcomes)
    return sum(outcome.sent for outcome in outcomes)


async def _claim_due(sessions: async_sessionmaker[AsyncSession], limit: int) -> list[_Claimed]:
    """Count an attempt on each due message and push its next one back, before sending.

    Committed before anything is sent: a process that dies while sending leaves its
    messages waiting for their backoff rather than retried at once, and another process
    skips them meanwhile (on PostgreSQL, rows another round is claiming are skipped).
    """
    now = utcnow()
    is_due = (
        OutboxEmail.status == OutboxStatus.PENDING,
        or_(OutboxEmail.next_attempt_at.is_(None), OutboxEmail.next_attempt_at <= now),
    )
    # A round with nothing due (most periodic ones) only reads: it never takes the writer.
    async with sessions() as session:
        if await session.scalar(select(OutboxEmail.id).where(*is_due).limit(1)) is None:
            return []
    async with sessions.begin() as session:
        await begin_writing(session)
        due = await session.scalars(
            select(OutboxEmail)
            .where(*is_due)
            .order_by(OutboxEmail.created_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        emails = list(due)
        for email in emails:
            email.attempts += 1
            email.next_attempt_at = now + backoff(email.attempts)
        await session.flush()
        for email in emails:
            session.expunge(email)  # kept as loaded, whatever the commit expires
    # Built once the claim is committed: the write lock is held for the claim only.
    claimed = []
    for email in emails:
        try:
            message: EmailMessage | None = build_message(email)
            problem = ""
        # A message that cannot be built is poisoned, whatever the reason: set aside.
        except Exception as exc:
            message, problem = None, f"message impossible à construire : {exc}"
        claimed.append(_Claimed(email.id, email.attempts, message, problem))
    return claimed


async def _record(sessions: async_sessionmaker[AsyncSession], outcomes: list[_Outcome]) -> None:
    now = utcnow()
    async with sessions.begin() as session:
        await begin_writing(session)
        for outcome in outcomes:
            email = await session.get(OutboxEmail, outcome.claimed.id)
            if email is None:
                continue
            if outcome.sent:
                email.status = OutboxStatus.SENT
                email.sent_at = now
                email.next_attempt_at = None
                continue
            email.last_error = outcome.error[:500]
            set_aside = outcome.permanent or RETRY.exhausted(email.attempts)
            if set_aside:
                email.status = OutboxStatus.DEAD
                email.dead_at = now
                email.next_attempt_at = None
            logger.warning(
                "outbox: message %s not delivered (attempt %s%s): %s",
                email.id,
                email.attempts,
                ", set aside" if set_aside else "",
                outcome.error[:500],
            )

"""Sending email through the outbox.

Messages are added to ``outbox_email`` in the transaction of the action that causes
them (an invitation is never lost or sent for a rolled-back action), then delivered by
:func:`deliver_pending`: over SMTP when ``CLEA_SMTP_URL`` is set
(``smtp://user:password@host:port``, ``smtp+starttls://…``), otherwise written as
``.eml`` files under ``<data dir>/mail/`` for development.
"""

from __future__ import annotations

import asyncio
import smtplib
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.core.config import Settings
from clea_platform.db.base import utcnow
from clea_platform.mail.models import OutboxEmail

SENDER = "Certif'Pro — plateforme CléA <no-reply@clea.invalid>"
MAX_ATTEMPTS = 5
# Set in ``session.info`` when the transaction queued mail to deliver after commit.
MAIL_QUEUED = "clea_mail_queued"


def enqueue(session: AsyncSession, recipient: str, subject: str, body: str) -> OutboxEmail:
    email = OutboxEmail(recipient=recipient, subject=subject, body=body)
    session.add(email)
    session.info[MAIL_QUEUED] = True
    return email


def _message(email: OutboxEmail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = SENDER
    message["To"] = email.recipient
    message["Subject"] = email.subject
    message["Message-ID"] = f"<{email.id}@clea.invalid>"
    message.set_content(email.body)
    return message


def _send_smtp(url: str, message: EmailMessage) -> None:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 25
    with smtplib.SMTP(host, port, timeout=10) as smtp:
        if parts.scheme == "smtp+starttls":
            smtp.starttls()
        if parts.username:
            smtp.login(unquote(parts.username), unquote(parts.password or ""))
        smtp.send_message(message)


def _write_file(directory: Path, email: OutboxEmail, message: EmailMessage) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{email.created_at:%Y%m%d-%H%M%S}-{email.id}.eml").write_bytes(message.as_bytes())


async def deliver_pending(session: AsyncSession, settings: Settings, limit: int = 100) -> int:
    """Send what is waiting; failures are kept with their error and retried later."""
    pending = await session.scalars(
        select(OutboxEmail)
        .where(OutboxEmail.sent_at.is_(None), OutboxEmail.attempts < MAX_ATTEMPTS)
        .order_by(OutboxEmail.created_at)
        .limit(limit)
    )
    sent = 0
    for email in pending:
        email.attempts += 1
        message = _message(email)
        try:
            if settings.smtp_url:
                await asyncio.to_thread(_send_smtp, settings.smtp_url, message)
            else:
                _write_file(settings.data_dir / "mail", email, message)
        except (OSError, smtplib.SMTPException) as exc:
            email.last_error = str(exc)[:500]
            continue
        email.sent_at = utcnow()
        sent += 1
    await session.flush()
    return sent

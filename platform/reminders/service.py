"""The daily reminders (``clea reminders send``), each sent once (``ledger.py``).

- **Training window** (5 years for CléA, the plugin's ``training_window_years``) — a
  dossier still open whose window after the évaluation préalable
  (``dossier.window_ends_on``) ends within 6 months, then within 1 month: its adviser.
- **Evaluation tomorrow** — each sitting of an évaluation planned for tomorrow: the
  candidate, when they gave an e-mail address.
- **Jury next week** — each convened jury session held within the next 7 days: each of
  its members.
- **Follow-up of certified people** — 6, then 12 months after a certificate: its holder,
  when they gave an e-mail address, a questionnaire link (``follow_up/service.py``).

Reads every organisation (scope ``system:reminders``, no person behind it). One run is one
transaction: the ledger rows and the e-mails commit together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.candidates.models import Candidate
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import OPEN_STATUSES
from clea_platform.evaluations.models import Evaluation, EvaluationSession
from clea_platform.follow_up.service import send_follow_ups
from clea_platform.identity.models import User
from clea_platform.juries.models import JuryMember, JurySession, SessionMember, SessionStatus
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.reminders.ledger import add_months, remind_once
from clea_platform.tenants.models import Site
from clea_platform.tenants.scoping import cross_tenant_reads

SCOPE = "system:reminders"
WINDOW_MONTHS = (6, 1)
JURY_DAYS_AHEAD = 7
DEFAULT_BASE_URL = "http://127.0.0.1:8000"


@dataclass(frozen=True, slots=True)
class RemindersSent:
    dossier_window: int = 0
    evaluation_tomorrow: int = 0
    jury_next_week: int = 0
    follow_up: int = 0

    @property
    def total(self) -> int:
        return self.dossier_window + self.evaluation_tomorrow + self.jury_next_week + self.follow_up


async def send_due_reminders(
    session: AsyncSession,
    registry: CertificationRegistry,
    today: dt.date,
    *,
    base_url: str = DEFAULT_BASE_URL,
) -> RemindersSent:
    """Queue every reminder due ``today`` that was never sent; returns how many now.

    ``base_url`` starts the follow-up questionnaire's links (``CLEA_BASE_URL``).
    """
    async with cross_tenant_reads(session, SCOPE):
        sent = RemindersSent(
            dossier_window=await _dossier_windows(session, registry, today),
            evaluation_tomorrow=await _evaluations_tomorrow(session, today),
            jury_next_week=await _juries_next_week(session, today),
            follow_up=await send_follow_ups(session, today, base_url),
        )
        await session.flush()
    return sent


def _window(registry: CertificationRegistry, code: str) -> str:
    """The certification's window as its plugin words it (CléA: five years)."""
    try:
        return registry.get(code).limits.training_window
    except KeyError:
        return "formation"


async def _dossier_windows(
    session: AsyncSession, registry: CertificationRegistry, today: dt.date
) -> int:
    rows = await session.execute(
        select(Dossier.id, Dossier.certification_code, Dossier.window_ends_on, User.email)
        .join(User, User.id == Dossier.adviser_id)
        .where(
            Dossier.status.in_(OPEN_STATUSES),
            Dossier.window_ends_on >= today,
            Dossier.window_ends_on <= add_months(today, max(WINDOW_MONTHS)),
            User.disabled_at.is_(None),
        )
        .order_by(Dossier.id)
    )
    sent = 0
    for dossier_id, code, ends_on, email in rows:
        if ends_on is None:  # filtered out above; the column is nullable
            continue
        months = min(m for m in WINDOW_MONTHS if ends_on <= add_months(today, m))
        window = _window(registry, code)
        sent += await remind_once(
            session,
            f"dossier_window_{months}m",
            dossier_id,
            email,
            today,
            f"Dossier {code} : le délai de {window} se termine le {ends_on:%d/%m/%Y}",
            "Bonjour,\n\n"
            f"Le délai de {window} ouvert par l'évaluation préalable d'un dossier {code} que "
            f"vous suivez se termine le {ends_on:%d/%m/%Y} (dans moins de {months} mois). "
            "Passé cette date, le dossier expire et une nouvelle évaluation préalable sera "
            "nécessaire. Planifiez l'évaluation finale ou la présentation au jury d'ici là.\n\n"
            f"Dossier : {dossier_id}\n",
        )
    return sent


async def _evaluations_tomorrow(session: AsyncSession, today: dt.date) -> int:
    tomorrow = today + dt.timedelta(days=1)
    rows = await session.execute(
        select(EvaluationSession, Candidate.email, Dossier.certification_code, Site)
        .join(
            Evaluation,
            and_(
                Evaluation.organisation_id == EvaluationSession.organisation_id,
                Evaluation.id == EvaluationSession.evaluation_id,
            ),
        )
        .join(
            Dossier,
            and_(
                Dossier.organisation_id == Evaluation.organisation_id,
                Dossier.id == Evaluation.dossier_id,
            ),
        )
        .join(
            Candidate,
            and_(
                Candidate.organisation_id == Dossier.organisation_id,
                Candidate.id == Dossier.candidate_id,
            ),
        )
        .join(
            Site,
            and_(
                Site.organisation_id == EvaluationSession.organisation_id,
                Site.id == EvaluationSession.site_id,
            ),
        )
        .where(
            EvaluationSession.day == tomorrow,
            Candidate.email != "",
            Dossier.status.in_(OPEN_STATUSES),
        )
        .order_by(EvaluationSession.id)
    )
    sent = 0
    for sitting, email, code, site in rows:
        sent += await remind_once(
            session,
            "evaluation_tomorrow",
            sitting.id,
            email,
            today,
            f"Rappel : votre évaluation {code} a lieu demain",
            "Bonjour,\n\n"
            f"Votre séance d'évaluation {code} a lieu demain, le {sitting.day:%d/%m/%Y}, "
            f"de {sitting.starts_at:%H:%M} à {sitting.ends_at:%H:%M}, à : {site.name}, "
            f"{site.address_line}, {site.postal_code} {site.city}.\n\n"
            "En cas d'empêchement, prévenez votre organisme au plus tôt.\n",
        )
    return sent


async def _juries_next_week(session: AsyncSession, today: dt.date) -> int:
    rows = await session.execute(
        select(JurySession, User.email)
        .join(SessionMember, SessionMember.session_id == JurySession.id)
        .join(JuryMember, JuryMember.id == SessionMember.member_id)
        .join(User, User.id == JuryMember.user_id)
        .where(
            JurySession.status == SessionStatus.CONVENED,
            JurySession.held_on > today,
            JurySession.held_on <= today + dt.timedelta(days=JURY_DAYS_AHEAD),
            User.disabled_at.is_(None),
        )
        .order_by(JurySession.id, User.email)
    )
    sent = 0
    for jury, email in rows:
        where = "à distance" if jury.remote else (jury.place or "lieu à confirmer")
        sent += await remind_once(
            session,
            "jury_next_week",
            jury.id,
            email,
            today,
            f"Rappel : jury « {jury.title} » le {jury.held_on:%d/%m/%Y}",
            "Bonjour,\n\n"
            f"Le jury « {jury.title} » auquel vous êtes convoqué(e) se réunit le "
            f"{jury.held_on:%d/%m/%Y} de {jury.starts_at:%H:%M} à {jury.ends_at:%H:%M} "
            f"({where}).\n\nEn cas d'empêchement, prévenez Certif'Pro au plus tôt.\n",
        )
    return sent

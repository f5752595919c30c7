"""The living demo: candidates at every stage of the pathway, made through the services.

``clea demo`` loads it after the organisations and people of :mod:`clea_platform.demo.data`,
so that every screen of every role has something real to show: dossiers just opened,
évaluations préalables planned, candidates in training and at their évaluation finale,
dossiers ready for the jury and on the agenda of a session to hold, a session held today
whose decisions are applied (certificates issued, one to verify), dossiers abandoned and
expired, and an accreditation application under review.

Every step goes through the domain services (the rules, the timelines, the audit log and
the billing events are the real ones); the only shortcut is the expired dossiers' window,
dated back as if their évaluation préalable were more than five years old. Deterministic:
the same people, results and dates (relative to ``today``) each time; loaded once (a
second run finds the session held today, or any earlier one, and adds nothing).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import unicodedata
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations import applications, review
from clea_platform.accreditations.drafts import (
    DECLARATIONS,
    ApplicationDraft,
    EvaluatorDraft,
    SiteDraft,
    draft_from_content,
)
from clea_platform.accreditations.models import Campaign
from clea_platform.accreditations.storage import DocumentStore
from clea_platform.candidates.service import create_candidate
from clea_platform.candidates.validation import (
    CandidateData,
    Civility,
    EducationLevel,
    RegistrationStatus,
)
from clea_platform.demo import data
from clea_platform.dossiers import interviews
from clea_platform.dossiers import service as dossiers
from clea_platform.dossiers.choices import Financing, InterviewOutcome, PrescriberType
from clea_platform.dossiers.models import Dossier
from clea_platform.evaluations import service as evaluations
from clea_platform.evaluations.models import Evaluation, EvaluationKind
from clea_platform.evaluations.results import ResultInput
from clea_platform.identity.models import User
from clea_platform.juries import agenda, attendance, closing, decisions, issuance, sessions
from clea_platform.juries.models import DecisionMode, JuryMember, JurySession, Outcome
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.models import Organisation, Site
from clea_platform.tenants.scoping import cross_tenant_reads, refresh_tenant
from clea_platform.training import final, staffing
from clea_platform.training import service as training

HELD_SESSION = "Jury CléA Île-de-France (démonstration, tenu aujourd'hui)"
NEXT_SESSION = "Jury CléA Île-de-France (démonstration, à tenir)"

#: Where each demo dossier stops, in pathway order (the README's table follows it).
STAGES = (
    "opened",
    "initial_planned",
    "training",
    "final_evaluation",
    "ready_for_jury",
    "on_agenda",
    "certified",
    "not_certified",
    "abandoned",
    "expired",
)


@dataclass(frozen=True, slots=True)
class Planned:
    """One demo dossier: where it stops, at which organisation, for which certification."""

    stage: str
    organisation: str = "greta-demo-paris"
    certification: str = "CLEA"
    #: Ready for the jury straight after the évaluation préalable (nothing missing).
    straight: bool = False


GRETA, AFPA = "greta-demo-paris", "afpa-demo-lille"
PLANNED: tuple[Planned, ...] = (
    *(Planned("opened") for _ in range(3)),
    Planned("opened", AFPA),
    Planned("opened", certification="CLEA_MANAGEMENT"),
    *(Planned("initial_planned") for _ in range(3)),
    Planned("initial_planned", AFPA),
    *(Planned("training") for _ in range(4)),
    Planned("training", AFPA),
    Planned("training", certification="CLEA_MANAGEMENT"),
    *(Planned("final_evaluation") for _ in range(3)),
    Planned("ready_for_jury", straight=True),
    Planned("ready_for_jury"),
    Planned("ready_for_jury", AFPA),
    *(Planned("on_agenda") for _ in range(3)),
    *(Planned("certified") for _ in range(4)),
    Planned("certified", AFPA, straight=True),
    *(Planned("not_certified") for _ in range(2)),
    Planned("abandoned"),
    Planned("abandoned", AFPA),
    *(Planned("expired") for _ in range(2)),
)


def person(k: int, today: dt.date) -> CandidateData:
    """The ``k``-th demo candidate: always the same person."""
    female = k % 2 == 0
    names = data.FIRST_NAMES_FEMALE if female else data.FIRST_NAMES_MALE
    first = names[(k * 7) % len(names)]
    last = data.LAST_NAMES[(k * 11 + 3) % len(data.LAST_NAMES)]
    abroad = k % 5 == 3
    if abroad:
        country, city = data.BIRTH_PLACES_ABROAD[k % len(data.BIRTH_PLACES_ABROAD)]
        postal = ""
    else:
        city, postal = data.BIRTH_PLACES_FRANCE[k % len(data.BIRTH_PLACES_FRANCE)]
        country = "France"
    home, home_postal = data.RESIDENCES["Île-de-France"][k % 15]
    return CandidateData(
        civility=Civility.MADAME if female else Civility.MONSIEUR,
        birth_name=last,
        first_names=first,
        birth_date=dt.date(today.year - 22 - (k * 3) % 35, 1 + k % 12, 1 + (k * 5) % 28),
        birth_country=country,
        birth_city=city,
        birth_postal_code=postal,
        born_abroad=abroad,
        status_at_registration=(
            RegistrationStatus.EMPLOYEE if k % 4 == 1 else RegistrationStatus.JOBSEEKER
        ),
        education_level=EducationLevel.CAP_BEP if k % 3 else EducationLevel.NONE,
        email=f"{_ascii(first)}.{_ascii(last)}{k}@exemple.fr",
        phone=f"06 12 34 {k // 100 % 100:02d} {k % 100:02d}",
        address_line=f"{1 + k * 3 % 120} {data.STREETS[k % len(data.STREETS)]}",
        postal_code=home_postal,
        city=home,
        professional_project=data.PROFESSIONAL_PROJECTS[k % len(data.PROFESSIONAL_PROJECTS)],
    )


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


@contextlib.asynccontextmanager
async def _as(session: AsyncSession, actor: Actor) -> AsyncIterator[Actor]:
    with acting_as(actor):
        await refresh_tenant(session)
        yield actor
    await refresh_tenant(session)


@dataclass
class _Staff:
    adviser: Actor
    evaluator: Actor
    trainer_id: uuid.UUID | None
    site: Site


@dataclass
class _Cast:
    admin: Actor
    staff: dict[str, _Staff]
    members: dict[str, JuryMember]


async def _cast(session: AsyncSession) -> _Cast:
    async with cross_tenant_reads(session, "demo:load"):
        users = {u.email: u for u in await session.scalars(select(User))}
        organisations = {o.slug: o for o in await session.scalars(select(Organisation))}
        sites = {s.siret: s for s in await session.scalars(select(Site))}
        members = {m.user_id: m for m in await session.scalars(select(JuryMember))}

    def actor(email: str, organisation: str | None, *roles: str) -> Actor:
        user = users[email]
        return Actor(
            label=f"{user.full_name} <{email}>",
            user_id=user.id,
            email=email,
            organisation_id=organisations[organisation].id if organisation else None,
            roles=frozenset(roles),
            platform_roles=frozenset(user.platform_roles or ()),
        )

    evaluator = "evaluatrice@greta-demo.fr"
    return _Cast(
        admin=actor("admin@certifpro.demo", None),
        staff={
            GRETA: _Staff(
                adviser=actor("conseiller@greta-demo.fr", GRETA, "adviser"),
                evaluator=actor(evaluator, GRETA, "evaluator"),
                trainer_id=users["formateur@greta-demo.fr"].id,
                site=sites[data.SITES[0].siret],
            ),
            AFPA: _Staff(
                adviser=actor("admin@afpa-demo.fr", AFPA, "org_admin"),
                evaluator=actor(evaluator, AFPA, "evaluator"),
                trainer_id=None,
                site=sites[data.SITES[1].siret],
            ),
        },
        members={demo.email: members[users[demo.email].id] for demo in data.JURY_ROSTER},
    )


def _leaves(registry: CertificationRegistry, code: str) -> list[str]:
    return list(registry.get(code).bundled_referentiel.tree.leaf_codes())


def _gaps(registry: CertificationRegistry, code: str, k: int) -> set[str]:
    """The criteria the ``k``-th candidate has not acquired at the évaluation préalable."""
    leaves = _leaves(registry, code)
    if code != "CLEA":
        return {leaves[k % len(leaves)]}
    return {leaves[(k * 13 + step * 17) % len(leaves)] for step in range(2 + k % 5)}


@dataclass
class _Made:
    dossier: Dossier
    evaluation: Evaluation | None = None


class _Builder:
    def __init__(
        self, session: AsyncSession, registry: CertificationRegistry, cast: _Cast, today: dt.date
    ) -> None:
        self.session = session
        self.registry = registry
        self.cast = cast
        self.today = today

    async def open(self, k: int, plan: Planned) -> Dossier:
        staff = self.cast.staff[plan.organisation]
        async with _as(self.session, staff.adviser) as adviser:
            candidate = await create_candidate(
                self.session, adviser, person(k, self.today), today=self.today,
                confirm_not_duplicate=True,
            )  # fmt: skip
            await interviews.record_interview(
                self.session,
                adviser,
                self.registry,
                interviews.RecordInterview(
                    candidate_id=candidate.id,
                    certification_code=plan.certification,
                    held_on=self.today - dt.timedelta(days=k % 20),
                    adviser_id=adviser.user_id,  # type: ignore[arg-type]
                    outcome=InterviewOutcome.ORIENTED,
                    note="Entretien d'information : le candidat souhaite s'engager.",
                ),
                today=self.today,
            )
            return await dossiers.open_dossier(
                self.session,
                adviser,
                self.registry,
                dossiers.OpenDossier(
                    candidate_id=candidate.id,
                    certification_code=plan.certification,
                    site_id=staff.site.id,
                    prescriber_type=(PrescriberType.FRANCE_TRAVAIL, PrescriberType.SELF)[k % 2],
                    financing=(Financing.CPF, Financing.SKILLS_DEVELOPMENT_PLAN)[k % 2],
                    consent=True,
                    consent_to_share=k % 3 == 0,
                ),
            )

    async def start(
        self, dossier: Dossier, plan: Planned, kind: EvaluationKind, k: int
    ) -> Evaluation:
        staff = self.cast.staff[plan.organisation]
        async with _as(self.session, staff.adviser) as adviser:
            evaluation = await final.start(self.session, adviser, self.registry, dossier.id, kind)
            await staffing.plan_session(
                self.session,
                adviser,
                self.registry,
                evaluation.id,
                day=self.today + dt.timedelta(days=2 + k % 9),
                starts_at="09:00",
                ends_at="12:00",
                site_id=staff.site.id,
                evaluator_id=staff.evaluator.user_id,  # type: ignore[arg-type]
            )
        return evaluation

    async def grade(
        self, evaluation: Evaluation, plan: Planned, values: dict[str, str], *, close: bool
    ) -> None:
        staff = self.cast.staff[plan.organisation]
        async with _as(self.session, staff.evaluator) as evaluator:
            await staffing.save_grid(
                self.session,
                evaluator,
                self.registry,
                evaluation.id,
                [ResultInput(code, value) for code, value in values.items()],
                expected_revision=evaluation.revision,
            )
        if close:
            async with _as(self.session, staff.adviser) as adviser:
                await evaluations.close(self.session, adviser, self.registry, evaluation.id)

    async def build(self, k: int, plan: Planned) -> Dossier:
        """The ``k``-th dossier, taken as far as its planned stage (the jury excepted)."""
        dossier = await self.open(k, plan)
        if plan.stage == "opened":
            return dossier
        if plan.stage == "abandoned" and plan.organisation == AFPA:
            await self.abandon(dossier, plan, data.ABANDON_REASONS[k % len(data.ABANDON_REASONS)])
            return dossier
        initial = await self.start(dossier, plan, EvaluationKind.INITIAL, k)
        leaves = _leaves(self.registry, plan.certification)
        gaps = set() if plan.straight else _gaps(self.registry, plan.certification, k)
        if plan.stage == "initial_planned":
            if k % 2:  # a first sitting already held: part of the grid recorded
                await self.grade(
                    initial, plan, {code: "acquis" for code in leaves[: len(leaves) // 3]},
                    close=False,
                )  # fmt: skip
            return dossier
        await self.grade(
            initial,
            plan,
            {code: "non_acquis" if code in gaps else "acquis" for code in leaves},
            close=True,
        )
        if plan.straight:
            return dossier
        staff = self.cast.staff[plan.organisation]
        async with _as(self.session, staff.adviser) as adviser:
            training_plan = await training.create_from_gaps(self.session, adviser, dossier.id)
            await training.update_plan(
                self.session,
                adviser,
                training_plan.id,
                training.PlanChanges(
                    objectives={
                        code: f"Acquérir le critère {code} en situation de travail"
                        for code in sorted(gaps)
                    },
                    hours_by_domain={},
                    trainer_id=staff.trainer_id,
                    trainer_name="" if staff.trainer_id else "Formatrice de l'Afpa",
                    training_organisation_name=data.TRAINING_ORGANISATIONS[
                        k % len(data.TRAINING_ORGANISATIONS)
                    ],
                    starts_on=self.today - dt.timedelta(days=30),
                    ends_on=self.today + dt.timedelta(days=60),
                    financing="CPF",
                ),
                expected_revision=training_plan.revision,
            )
            await training.record_progress(
                self.session,
                adviser,
                training_plan.id,
                day=self.today - dt.timedelta(days=7 + k % 5),
                hours=3.5,
                items_worked=sorted(gaps)[:2],
                note="Mises en situation ; bonne progression.",
            )
        if plan.stage == "abandoned":
            await self.abandon(dossier, plan, data.ABANDON_REASONS[k % len(data.ABANDON_REASONS)])
            return dossier
        if plan.stage in ("training", "expired"):
            return dossier
        finale = await self.start(dossier, plan, EvaluationKind.FINAL, k)
        close = plan.stage != "final_evaluation"
        targets = sorted(gaps) if close else sorted(gaps)[:1]
        await self.grade(finale, plan, {code: "acquis" for code in targets}, close=close)
        return dossier

    async def abandon(self, dossier: Dossier, plan: Planned, reason: str) -> None:
        async with _as(self.session, self.cast.staff[plan.organisation].adviser) as adviser:
            await dossiers.abandon(
                self.session, adviser, self.registry, dossier.id, reason=reason,
                expected_revision=dossier.revision,
            )  # fmt: skip


async def _expire(
    session: AsyncSession, cast: _Cast, registry: CertificationRegistry, lapsed: Sequence[Dossier],
    today: dt.date,
) -> None:  # fmt: skip
    """The window after these dossiers' évaluation préalable ended a month ago (dated back:
    the only shortcut of the demo), then the daily expiry marks them expired."""
    async with _as(session, cast.staff[GRETA].adviser) as adviser:
        for dossier in lapsed:
            dossier.window_ends_on = today - dt.timedelta(days=30)
        await session.flush()
        await dossiers.expire_lapsed(session, adviser, registry, today)


async def _juries(
    session: AsyncSession,
    registry: CertificationRegistry,
    cast: _Cast,
    today: dt.date,
    decided: Sequence[tuple[Dossier, Outcome]],
    upcoming: Sequence[Dossier],
) -> JurySession:
    """A session held today (decisions applied, certificates issued) and one to hold."""
    m = cast.members
    employer, employee = m["jury.employeur1@certifpro.demo"], m["jury.salarie1@certifpro.demo"]
    async with _as(session, cast.admin) as admin:
        held = await sessions.convene(
            session,
            admin,
            registry,
            sessions.SessionInput(
                title=HELD_SESSION,
                certification_codes=["CLEA"],
                region=data.JURY_REGION,
                held_on=today,
                place="Certif'Pro, 10 rue de la Victoire, Paris",
                member_ids=[employer.id, employee.id],
            ),
            today=today,
        )
        for member in (employer, employee):
            await attendance.record_attendance(session, admin, held.id, member.id, True)
        await agenda.add_to_agenda(session, admin, registry, held.id, [d.id for d, _ in decided])
        await attendance.open_session(session, admin, held.id)
        for dossier, outcome in decided:
            refused = outcome == Outcome.NOT_CERTIFIED
            await decisions.decide(
                session,
                admin,
                held.id,
                dossier.id,
                decisions.DecisionInput(
                    outcome,
                    reason=data.JURY_REFUSALS[0] if refused else "",
                    presiding_member_id=employer.id,
                    mode=DecisionMode.CONSENSUS,
                    criteria_at_issue=["3"] if refused else (),
                ),
            )
        await closing.close_session(session, admin, registry, held.id)
        await issuance.issue_session_certificates(session, admin, registry, held.id)
        next_session = await sessions.convene(
            session,
            admin,
            registry,
            sessions.SessionInput(
                title=NEXT_SESSION,
                certification_codes=sorted(registry.codes()),
                region=data.JURY_REGION,
                held_on=today + dt.timedelta(days=14),
                place="Certif'Pro, 10 rue de la Victoire, Paris",
                member_ids=[member.id for member in m.values()],
            ),
            today=today,
        )
        await agenda.add_to_agenda(
            session, admin, registry, next_session.id, [d.id for d in upcoming]
        )
    return held


# A PDF as small as the checks allow: the demo's supporting documents.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


async def _application(
    session: AsyncSession, cast: _Cast, store: DocumentStore, today: dt.date
) -> None:
    """The Afpa applies to the open campaign for its renewal; Certif'Pro is reviewing it."""
    campaign = await session.scalar(select(Campaign).where(Campaign.title == data.OPEN_CAMPAIGN))
    if campaign is None:
        return
    afpa = cast.staff[AFPA].adviser
    async with _as(session, afpa) as applicant:
        application = await applications.start_application(
            session, applicant, campaign.id, today=today
        )
        # A new establishment to accredit (Roubaix), the evaluator named on it.
        email, full_name, qualifications = data.DEMO_EVALUATOR
        draft = ApplicationDraft(
            network=draft_from_content(application.content).network,
            sites=[
                SiteDraft(
                    siret="82404926600094",
                    name="Afpa démo — Roubaix",
                    address_line="20 boulevard Gambetta",
                    postal_code="59100",
                    city="Roubaix",
                    region="Hauts-de-France",
                    contact_email="roubaix@afpa-demo.fr",
                    contact_phone="03 20 00 00 01",
                    evaluators=[EvaluatorDraft(full_name, email, qualifications)],
                )
            ],
            declarations=tuple(DECLARATIONS),
        )
        await applications.save_draft(
            session, applicant, application, draft, expected_revision=application.revision
        )
        for requirement in campaign.required_documents:
            await applications.attach_document(
                session, applicant, store, application, requirement["key"],
                f"{requirement['key']}.pdf", DEMO_PDF,
            )  # fmt: skip
        await applications.submit(
            session, applicant, application, expected_revision=application.revision, today=today
        )
    async with _as(session, cast.admin) as admin:
        await review.start_review(session, admin, application.id)


async def load_living(
    session: AsyncSession, registry: CertificationRegistry, today: dt.date, store: DocumentStore
) -> str:
    """Candidates at every stage (once); returns a French one-line report."""
    async with cross_tenant_reads(session, "demo:load"):
        loaded = await session.scalar(
            select(JurySession.id).where(JurySession.title == HELD_SESSION)
        )
    if loaded is not None:
        return "Démo vivante déjà chargée : rien d'ajouté."
    cast = await _cast(session)
    builder = _Builder(session, registry, cast, today)
    made: dict[str, list[Dossier]] = {stage: [] for stage in STAGES}
    for k, plan in enumerate(PLANNED):
        made[plan.stage].append(await builder.build(k, plan))
    await _expire(session, cast, registry, made["expired"], today)
    decided = [(d, Outcome.CERTIFIED) for d in made["certified"]] + [
        (d, Outcome.NOT_CERTIFIED) for d in made["not_certified"]
    ]
    await _juries(session, registry, cast, today, decided, made["on_agenda"])
    await _application(session, cast, store, today)
    await session.flush()
    return (
        f"Démo vivante : {len(PLANNED)} dossiers, deux sessions de jury, une candidature à l'étude."
    )

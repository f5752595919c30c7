"""The typed request context every resolver receives."""

from __future__ import annotations

from dataclasses import dataclass, field

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request
from starlette.responses import Response

from clea_platform.candidate_space.access import CANDIDATE_COOKIE
from clea_platform.core.config import Settings
from clea_platform.identity.cookies import SESSION_COOKIE, session_cookie_attributes
from clea_platform.mail.dispatcher import MailDispatcher
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.schema.accreditations.dataloaders import AccreditationLoaders
from clea_platform.schema.candidates.dataloaders import CandidateLoaders
from clea_platform.schema.documents.dataloaders import DocumentLoaders
from clea_platform.schema.dossiers.dataloaders import DossierLoaders
from clea_platform.schema.evaluations.dataloaders import EvaluationLoaders
from clea_platform.schema.identity.dataloaders import IdentityLoaders
from clea_platform.schema.juries.dataloaders import JuryLoaders
from clea_platform.schema.referentiels.dataloaders import ReferentielLoaders
from clea_platform.schema.tenants.dataloaders import TenantLoaders
from clea_platform.schema.training.dataloaders import TrainingLoaders
from clea_platform.tenants.context import Actor


@dataclass
class Context:
    """Per request: who acts, a database session, the plugins and the DataLoaders."""

    request: Request
    response: Response | None
    session: AsyncSession
    sessions: async_sessionmaker[AsyncSession]
    registry: CertificationRegistry
    settings: Settings
    actor: Actor
    mailer: MailDispatcher | None = None
    #: Whether a public, immutable read's whole answer may be kept and shared
    #: (``web/public_responses.py``); a resolver that reads something that may change
    #: (a draft référentiel, a version not found) turns it off.
    response_cacheable: bool = True
    referentiel_loaders: ReferentielLoaders = field(init=False)
    tenant_loaders: TenantLoaders = field(init=False)
    identity_loaders: IdentityLoaders = field(init=False)
    candidate_loaders: CandidateLoaders = field(init=False)
    dossier_loaders: DossierLoaders = field(init=False)
    evaluation_loaders: EvaluationLoaders = field(init=False)
    training_loaders: TrainingLoaders = field(init=False)
    document_loaders: DocumentLoaders = field(init=False)
    accreditation_loaders: AccreditationLoaders = field(init=False)
    jury_loaders: JuryLoaders = field(init=False)

    def __post_init__(self) -> None:
        # DataLoaders live for one request: they batch and cache within it only.
        self.referentiel_loaders = ReferentielLoaders(self.session)
        self.tenant_loaders = TenantLoaders(self.session, self.actor)
        self.identity_loaders = IdentityLoaders(self.session)
        self.candidate_loaders = CandidateLoaders(self.session, self.actor)
        self.dossier_loaders = DossierLoaders(self.session)
        self.evaluation_loaders = EvaluationLoaders(self.session)
        self.training_loaders = TrainingLoaders(self.session)
        self.document_loaders = DocumentLoaders(self.session)
        self.accreditation_loaders = AccreditationLoaders(self.session, self.actor)
        self.jury_loaders = JuryLoaders(self.session)

    def kick_mailer(self) -> None:
        """Deliver queued emails now that the transaction that queued them has committed."""
        if self.mailer is not None:
            self.mailer.kick()

    @property
    def client_ip(self) -> str:
        return self.request.client.host if self.request.client else ""

    @property
    def user_agent(self) -> str:
        return self.request.headers.get("user-agent", "")

    def set_session_cookie(self, token: str) -> None:
        assert self.response is not None
        self.response.set_cookie(
            SESSION_COOKIE, token, **session_cookie_attributes(secure=self.settings.secure_cookies)
        )

    def clear_session_cookie(self) -> None:
        assert self.response is not None
        self.response.delete_cookie(SESSION_COOKIE, path="/")

    def set_candidate_cookie(self, token: str) -> None:
        """The candidate space's own cookie (never the professional session's)."""
        assert self.response is not None
        self.response.set_cookie(
            CANDIDATE_COOKIE,
            token,
            **session_cookie_attributes(secure=self.settings.secure_cookies),
        )

    def clear_candidate_cookie(self) -> None:
        assert self.response is not None
        self.response.delete_cookie(CANDIDATE_COOKIE, path="/")


Info = strawberry.Info[Context, None]

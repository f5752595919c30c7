"""Who may do what: the access rules of the platform, as domain objects.

A :class:`Rule` looks at an :class:`~clea_platform.tenants.context.Actor` and either
returns or raises :class:`~clea_platform.core.errors.NotAuthenticatedError` /
:class:`~clea_platform.core.errors.AccessDeniedError`. The GraphQL layer attaches one rule to
every root field (``clea_platform.schema.permissions.RULES``) and translates the
exceptions to ``UNAUTHENTICATED`` / ``FORBIDDEN``; the HTTP routes (document and
certificate downloads, …) call the same rules. Nothing outside this module decides who
may act.

Example::

    from clea_platform.tenants.permissions import ADVISERS

    ADVISERS.check(actor, writes=True)  # raises AccessDeniedError for an evaluator
"""

from __future__ import annotations

from dataclasses import dataclass

from clea_platform.core.errors import AccessDeniedError, NotAuthenticatedError
from clea_platform.identity.roles import PlatformRole, Role
from clea_platform.tenants.context import Actor

SUSPENDED_READ_ONLY = "Organisation suspendue : consultation seule, aucune modification."
PENDING_APPLICATION_ONLY = (
    "Organisation en attente d'habilitation : seule sa candidature peut être modifiée "
    "pour l'instant."
)


@dataclass(frozen=True)
class Rule:
    """Public: anyone. Subclasses restrict."""

    label: str = "public"

    def check(self, actor: Actor, *, writes: bool = False) -> None:
        return None

    def allows(self, actor: Actor, *, writes: bool = False) -> bool:
        """True when :meth:`check` would pass (for menus, documentation, filters)."""
        try:
            self.check(actor, writes=writes)
        except (AccessDeniedError, NotAuthenticatedError):
            return False
        return True


@dataclass(frozen=True)
class SignedIn(Rule):
    """A person logged in through a browser session (API keys are not people)."""

    label: str = "signed-in user"

    def check(self, actor: Actor, *, writes: bool = False) -> None:
        if actor.user_id is None:
            raise NotAuthenticatedError()


@dataclass(frozen=True)
class SignedInCandidate(Rule):
    """A candidate signed in to their own space (a one-time link); professionals are not."""

    label: str = "signed-in candidate"

    def check(self, actor: Actor, *, writes: bool = False) -> None:
        if actor.is_candidate:
            return
        if actor.is_authenticated:
            raise AccessDeniedError("Espace réservé aux candidats.")
        raise NotAuthenticatedError(
            "Connectez-vous à votre espace candidat : demandez un lien de connexion."
        )


@dataclass(frozen=True)
class PlatformAdmin(Rule):
    label: str = PlatformRole.CERTIFPRO_ADMIN.value

    def check(self, actor: Actor, *, writes: bool = False) -> None:
        if not actor.is_authenticated:
            raise NotAuthenticatedError()
        if not actor.is_platform_admin:
            raise AccessDeniedError("Accès réservé aux administrateurs Certif'Pro.")


@dataclass(frozen=True)
class OrgRoles(Rule):
    """One of ``roles`` in the active organisation; writes need an active organisation."""

    roles: frozenset[str] = frozenset()
    label: str = ""

    def check(self, actor: Actor, *, writes: bool = False) -> None:
        if not actor.is_authenticated:
            raise NotAuthenticatedError()
        if actor.organisation_id is None:
            raise AccessDeniedError("Choisissez d'abord une organisation active.")
        if not actor.roles & self.roles:
            raise AccessDeniedError()
        if writes:
            self.check_writes(actor)

    def check_writes(self, actor: Actor) -> None:
        if actor.organisation_pending:
            raise AccessDeniedError(PENDING_APPLICATION_ONLY)
        if not actor.organisation_active:
            raise AccessDeniedError(SUSPENDED_READ_ONLY)


@dataclass(frozen=True)
class Applicants(OrgRoles):
    """Org admins, who may also write while their organisation is pending (applying)."""

    def check_writes(self, actor: Actor) -> None:
        if not (actor.organisation_active or actor.organisation_pending):
            raise AccessDeniedError(SUSPENDED_READ_ONLY)


@dataclass(frozen=True)
class AnyOf(Rule):
    """The first of ``rules`` that passes; otherwise the first rule's refusal."""

    rules: tuple[Rule, ...] = ()

    def check(self, actor: Actor, *, writes: bool = False) -> None:
        first_error: AccessDeniedError | NotAuthenticatedError | None = None
        for rule in self.rules:
            try:
                rule.check(actor, writes=writes)
            except (AccessDeniedError, NotAuthenticatedError) as error:
                first_error = first_error or error
            else:
                return
        if first_error is not None:
            raise first_error


def org_roles(*roles: Role) -> OrgRoles:
    return OrgRoles(
        roles=frozenset(role.value for role in roles),
        label=" or ".join(role.value for role in roles),
    )


PUBLIC = Rule()
SIGNED_IN = SignedIn()
CANDIDATE = SignedInCandidate()
PLATFORM_ADMIN = PlatformAdmin()
ORG_ADMIN = org_roles(Role.ORG_ADMIN)
ANY_MEMBER = org_roles(Role.ORG_ADMIN, Role.ADVISER, Role.EVALUATOR, Role.TRAINER, Role.VIEWER)
ADVISERS = org_roles(Role.ORG_ADMIN, Role.ADVISER)
EVALUATION_PLANNERS = org_roles(Role.ORG_ADMIN, Role.ADVISER, Role.EVALUATOR)
PATHWAY_STAFF = org_roles(Role.ORG_ADMIN, Role.ADVISER, Role.EVALUATOR, Role.TRAINER)
EVALUATORS = org_roles(Role.EVALUATOR)
TRAINING_EDITORS = org_roles(Role.ORG_ADMIN, Role.ADVISER, Role.TRAINER)
APPLICANTS = Applicants(
    roles=frozenset({Role.ORG_ADMIN.value}), label="org_admin (pending allowed)"
)
APPLICANTS_OR_PLATFORM = AnyOf(
    rules=(APPLICANTS, PLATFORM_ADMIN), label="org_admin (pending allowed) or certifpro_admin"
)
ORG_ADMIN_OR_PLATFORM = AnyOf(
    rules=(ORG_ADMIN, PLATFORM_ADMIN), label="org_admin or certifpro_admin"
)
MEMBER_OR_PLATFORM = AnyOf(
    rules=(ANY_MEMBER, PLATFORM_ADMIN), label="any member or certifpro_admin"
)

"""GraphQL types of people, sessions, invitations and API keys."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import ClassVar

import strawberry

from clea_platform.core.errors import DomainError
from clea_platform.identity.members import invitation_status
from clea_platform.identity.models import ApiKey, BrowserSession, Invitation, Membership, User
from clea_platform.schema.context import Info
from clea_platform.schema.identity.enums import IdentityErrorCode, PlatformRole, Role
from clea_platform.schema.tenants.types import OrganisationType


@strawberry.enum(description="Where an invitation stands.")
class InvitationStatus(enum.Enum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    EXPIRED = "expired"
    REVOKED = "revoked"


@strawberry.type(description="A problem with the input, to show next to the field.")
class IdentityError:
    code: IdentityErrorCode = strawberry.field(description="Machine-readable reason.")
    field: str | None = strawberry.field(description="Input field at fault, if any.")
    message: str = strawberry.field(description="French explanation.")

    @classmethod
    def from_domain(cls, error: DomainError) -> IdentityError:
        return cls(code=error.code, field=error.field, message=error.message)


@strawberry.type(name="User", description="A person with an account.")
class UserType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    email: str = strawberry.field(description="Login email.")
    full_name: str = strawberry.field(description="First and last name.")

    @classmethod
    def from_model(cls, user: User) -> UserType:
        return cls(id=strawberry.ID(str(user.id)), email=user.email, full_name=user.full_name)


async def load_user(info: Info, user_id: uuid.UUID | None) -> UserType | None:
    if user_id is None:
        return None
    user = await info.context.identity_loaders.user_by_id.load(user_id)
    return None if user is None else UserType.from_model(user)


@strawberry.enum(description="Roles a colleague is chosen for on the pathway.")
class StaffRole(enum.Enum):
    EVALUATOR = "evaluator"
    TRAINER = "trainer"


@strawberry.type(
    description="An evaluator or trainer of the organisation, to choose for a sitting or a plan."
)
class StaffMember:
    id: strawberry.ID = strawberry.field(
        description="The person's account: what evaluatorId and trainerId take."
    )
    display_name: str = strawberry.field(description="First and last name.")
    roles: list[StaffRole] = strawberry.field(
        description="Their pathway roles in the organisation (evaluator, trainer)."
    )


@strawberry.type(name="Membership", description="A person's roles in an organisation.")
class MembershipType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    roles: list[Role] = strawberry.field(description="Roles held.")
    created_at: dt.datetime = strawberry.field(description="When the person joined.")
    membership: strawberry.Private[Membership]

    @classmethod
    def from_model(cls, membership: Membership) -> MembershipType:
        return cls(
            id=strawberry.ID(str(membership.id)),
            roles=[Role(role) for role in membership.roles],
            created_at=membership.created_at,
            membership=membership,
        )

    @strawberry.field(description="The person.")
    async def user(self, info: Info) -> UserType:
        user = await info.context.identity_loaders.user_by_id.load(self.membership.user_id)
        assert user is not None
        return UserType.from_model(user)

    @strawberry.field(description="The organisation.")
    async def organisation(self, info: Info) -> OrganisationType:
        loader = info.context.tenant_loaders.organisation_by_id
        organisation = await loader.load(self.membership.organisation_id)
        assert organisation is not None
        return OrganisationType.from_model(organisation)


@strawberry.type(description="The person or machine behind the request.")
class Viewer:
    user: UserType | None = strawberry.field(description="The person (null for an API key).")
    platform_roles: list[PlatformRole] = strawberry.field(description="Platform roles.")
    memberships: list[MembershipType] = strawberry.field(description="Their organisations.")
    active_organisation: OrganisationType | None = strawberry.field(
        description="The organisation requests act for; null for platform-level work."
    )
    active_roles: list[Role] = strawberry.field(description="Roles in the active organisation.")
    jury_member: bool = strawberry.field(
        default=False,
        description="On Certif'Pro's jury roster (active): « Mes sessions de jury ».",
    )


@strawberry.type(description="An organisation offering login through its own identity provider.")
class LoginOption:
    organisation_name: str = strawberry.field(description="Shown as « Se connecter avec … ».")
    organisation_slug: str = strawberry.field(description="Short name.")
    login_url: str = strawberry.field(description="Where the browser goes to start the login.")


@strawberry.type(description="What an invitation link offers, shown before accepting it.")
class InvitationPreview:
    organisation_name: str = strawberry.field(description="The inviting organisation.")
    email: str = strawberry.field(description="Invited address.")
    roles: list[Role] = strawberry.field(description="Roles offered.")
    expires_at: dt.datetime = strawberry.field(description="Deadline to accept.")
    account_exists: bool = strawberry.field(
        description="False when accepting creates an account (name and password needed)."
    )


@strawberry.type(name="Invitation", description="An invitation to join the organisation.")
class InvitationType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    email: str = strawberry.field(description="Invited address.")
    roles: list[Role] = strawberry.field(description="Roles offered.")
    status: InvitationStatus = strawberry.field(description="Pending, accepted, expired, revoked.")
    expires_at: dt.datetime = strawberry.field(description="Deadline to accept.")
    created_at: dt.datetime = strawberry.field(description="When it was sent.")
    invited_by_id: strawberry.Private[uuid.UUID | None]

    @classmethod
    def from_model(cls, invitation: Invitation) -> InvitationType:
        return cls(
            id=strawberry.ID(str(invitation.id)),
            email=invitation.email,
            roles=[Role(role) for role in invitation.roles],
            status=InvitationStatus(invitation_status(invitation)),
            expires_at=invitation.expires_at,
            created_at=invitation.created_at,
            invited_by_id=invitation.invited_by_id,
        )

    @strawberry.field(description="Who sent it.")
    async def invited_by(self, info: Info) -> UserType | None:
        return await load_user(info, self.invited_by_id)


@strawberry.type(name="ApiKey", description="A key for machine clients (the secret is not kept).")
class ApiKeyType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    name: str = strawberry.field(description="What it is for.")
    role: Role = strawberry.field(description="The single role it acts with.")
    prefix: str = strawberry.field(description="Public part, to recognise the key.")
    created_at: dt.datetime = strawberry.field(description="Creation time.")
    last_used_at: dt.datetime | None = strawberry.field(description="Last authenticated use.")
    revoked_at: dt.datetime | None = strawberry.field(description="Revocation time.")
    created_by_id: strawberry.Private[uuid.UUID | None]

    @strawberry.field(description="Who created it.")
    async def created_by(self, info: Info) -> UserType | None:
        return await load_user(info, self.created_by_id)

    @classmethod
    def from_model(cls, api_key: ApiKey) -> ApiKeyType:
        return cls(
            id=strawberry.ID(str(api_key.id)),
            name=api_key.name,
            role=Role(api_key.role),
            prefix=api_key.prefix,
            created_at=api_key.created_at,
            last_used_at=api_key.last_used_at,
            revoked_at=api_key.revoked_at,
            created_by_id=api_key.created_by_id,
        )


@strawberry.type(name="BrowserSession", description="A place where the user is logged in.")
class BrowserSessionType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    created_at: dt.datetime = strawberry.field(description="Login time.")
    last_seen_at: dt.datetime = strawberry.field(description="Last activity.")
    user_agent: str = strawberry.field(description="Browser.")
    ip_address: str = strawberry.field(description="Address at login.")
    current: bool = strawberry.field(description="The session making this request.")

    @classmethod
    def from_model(cls, browser_session: BrowserSession, current_id: object) -> BrowserSessionType:
        return cls(
            id=strawberry.ID(str(browser_session.id)),
            created_at=browser_session.created_at,
            last_seen_at=browser_session.last_seen_at,
            user_agent=browser_session.user_agent,
            ip_address=browser_session.ip_address,
            current=browser_session.id == current_id,
        )


@strawberry.type(description="OpenID Connect settings of the active organisation.")
class OidcConfiguration:
    issuer: str = strawberry.field(description="Issuer URL of the identity provider.")
    client_id: str = strawberry.field(description="Client identifier at the provider.")
    enabled: bool = strawberry.field(description="Whether the login button is offered.")
    has_client_secret: bool = strawberry.field(description="A secret is stored (never shown).")


@strawberry.type(description="Result of a login, an invitation acceptance or a switch.")
class ViewerPayload:
    error_type: ClassVar[type[IdentityError]] = IdentityError
    viewer: Viewer | None = strawberry.field(default=None, description="Who is now logged in.")
    errors: list[IdentityError] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of an operation with nothing else to return.")
class OkPayload:
    error_type: ClassVar[type[IdentityError]] = IdentityError
    ok: bool = strawberry.field(default=False, description="True when it was done.")
    errors: list[IdentityError] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of logging out everywhere.")
class LogoutEverywherePayload:
    error_type: ClassVar[type[IdentityError]] = IdentityError
    revoked_count: int = strawberry.field(default=0, description="Sessions ended.")
    errors: list[IdentityError] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of an invitation change.")
class InvitationPayload:
    error_type: ClassVar[type[IdentityError]] = IdentityError
    invitation: InvitationType | None = strawberry.field(default=None, description="It.")
    errors: list[IdentityError] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of a membership change.")
class MembershipPayload:
    error_type: ClassVar[type[IdentityError]] = IdentityError
    membership: MembershipType | None = strawberry.field(default=None, description="It.")
    errors: list[IdentityError] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of an API key change.")
class ApiKeyPayload:
    error_type: ClassVar[type[IdentityError]] = IdentityError
    api_key: ApiKeyType | None = strawberry.field(default=None, description="The key.")
    secret: str | None = strawberry.field(
        default=None, description="The full key, shown once at creation; store it now."
    )
    errors: list[IdentityError] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of an OIDC configuration change.")
class OidcConfigurationPayload:
    error_type: ClassVar[type[IdentityError]] = IdentityError
    oidc_configuration: OidcConfiguration | None = strawberry.field(default=None, description="It.")
    errors: list[IdentityError] = strawberry.field(default_factory=list, description="Problems.")

"""GraphQL types of people, sessions, invitations and API keys."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.identity.members import invitation_status
from clea_platform.identity.models import (
    ApiKey,
    BrowserSession,
    Invitation,
    Membership,
    OidcProvider,
    User,
)
from clea_platform.identity.viewer import ViewerData, viewer_of
from clea_platform.juries import roster
from clea_platform.schema.context import Info
from clea_platform.schema.identity.enums import PlatformRole, Role
from clea_platform.schema.notfound import NotFound
from clea_platform.schema.tenants.types import OrganisationType
from clea_platform.tenants.context import Actor


@strawberry.enum(description="Where an invitation stands.")
class InvitationStatus(enum.Enum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    EXPIRED = "expired"
    REVOKED = "revoked"


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
    user_id: strawberry.Private[uuid.UUID | None]

    @classmethod
    def from_data(cls, data: ViewerData) -> Viewer:
        actor = data.actor
        return cls(
            user=UserType.from_model(data.user) if data.user else None,
            platform_roles=[PlatformRole(role) for role in sorted(actor.platform_roles)],
            memberships=[MembershipType.from_model(m) for m in data.memberships],
            active_organisation=(
                OrganisationType.from_model(data.active_organisation)
                if data.active_organisation
                else None
            ),
            active_roles=[Role(role) for role in sorted(actor.roles)],
            user_id=actor.user_id,
        )

    @strawberry.field(description="On Certif'Pro's jury roster (active): « Mes sessions de jury ».")
    async def jury_member(self, info: Info) -> bool:
        member = await roster.member_of_user(info.context.session, self.user_id)
        return member is not None and member.active


async def resolve_viewer(session: AsyncSession, actor: Actor) -> Viewer | None:
    """The ``Viewer`` of ``actor`` (who may differ from the request's, after a login)."""
    data = await viewer_of(session, actor)
    return None if data is None else Viewer.from_data(data)


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


InvitationPreviewResult = Annotated[
    InvitationPreview | NotFound,
    strawberry.union(
        "InvitationPreviewResult",
        description="What the link offers, or NotFound when it is invalid, expired or used.",
    ),
]


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

    @classmethod
    def from_model(cls, provider: OidcProvider) -> OidcConfiguration:
        return cls(
            issuer=provider.issuer,
            client_id=provider.client_id,
            enabled=provider.enabled,
            has_client_secret=bool(provider.client_secret),
        )

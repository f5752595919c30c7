"""Root queries of the identity context."""

from __future__ import annotations

from typing import Annotated

import strawberry

from clea_platform.identity import api_keys, members, oidc_config
from clea_platform.identity import service as identity
from clea_platform.identity.roles import Role as RoleValue
from clea_platform.schema.context import Info
from clea_platform.schema.identity.enums import Role
from clea_platform.schema.identity.types import (
    ApiKeyType,
    BrowserSessionType,
    InvitationPreview,
    InvitationPreviewResult,
    InvitationType,
    LoginOption,
    MembershipType,
    OidcConfiguration,
    StaffMember,
    StaffRole,
    UserType,
    Viewer,
    resolve_viewer,
)
from clea_platform.schema.notfound import NotFound
from clea_platform.schema.pagination import Connection, connection

FirstArg = Annotated[int | None, strawberry.argument(description="Page size (max 100).")]
AfterArg = Annotated[str | None, strawberry.argument(description="Cursor of the previous page.")]


@strawberry.type
class IdentityQueries:
    @strawberry.field(description="Who is making the request; null when not logged in.")
    async def viewer(self, info: Info) -> Viewer | None:
        return await resolve_viewer(info.context.session, info.context.actor)

    @strawberry.field(description="Organisations whose members can log in with their own provider.")
    async def login_options(self, info: Info) -> list[LoginOption]:
        base = info.context.settings.base_url
        return [
            LoginOption(
                organisation_name=name,
                organisation_slug=slug,
                login_url=f"{base}/auth/oidc/{slug}/login",
            )
            for name, slug in await oidc_config.login_options(info.context.session)
        ]

    @strawberry.field(
        description="What an invitation link offers; NotFound if invalid, expired or used."
    )
    async def invitation_preview(
        self, info: Info, token: Annotated[str, strawberry.argument(description="Link token.")]
    ) -> InvitationPreviewResult:
        preview = await members.preview_invitation(info.context.session, token)
        if preview is None:
            # The token is a secret: it is not echoed back.
            return NotFound.of(members.INVALID_INVITATION)
        return InvitationPreview(
            organisation_name=preview.organisation_name,
            email=preview.email,
            roles=[Role(role) for role in preview.roles],
            expires_at=preview.expires_at,
            account_exists=preview.account_exists,
        )

    @strawberry.field(description="The current user's open sessions.")
    async def my_sessions(self, info: Info) -> list[BrowserSessionType]:
        actor = info.context.actor
        assert actor.user_id is not None
        rows = await identity.list_sessions(info.context.session, actor.user_id)
        return [BrowserSessionType.from_model(row, actor.session_id) for row in rows]

    @strawberry.field(description="Members of the active organisation.")
    async def members(
        self, info: Info, first: FirstArg = None, after: AfterArg = None
    ) -> Connection[MembershipType]:
        actor = info.context.actor
        assert actor.organisation_id is not None
        page = await members.list_members(
            info.context.session, actor.organisation_id, first=first, after=after
        )
        return connection(page, MembershipType.from_model)

    @strawberry.field(
        description=(
            "Evaluators and trainers of the active organisation, by name: whom to choose as a "
            "sitting's evaluator or a plan's trainer (name and pathway roles only)."
        )
    )
    async def organisation_staff(
        self,
        info: Info,
        role: Annotated[
            StaffRole | None,
            strawberry.argument(description="Only the evaluators, or only the trainers."),
        ] = None,
    ) -> list[StaffMember]:
        actor = info.context.actor
        assert actor.organisation_id is not None
        roles = members.STAFF_ROLES if role is None else (RoleValue(role.value),)
        staff = await members.list_staff(info.context.session, actor.organisation_id, roles)
        return [
            StaffMember(
                id=strawberry.ID(str(person.user_id)),
                display_name=person.display_name,
                roles=[StaffRole(r.value) for r in person.roles],
            )
            for person in staff
        ]

    @strawberry.field(
        description=(
            "Active Certif'Pro administrators, by name: whom to choose as a campaign's "
            "reviewers (Certif'Pro only)."
        )
    )
    async def platform_administrators(self, info: Info) -> list[UserType]:
        rows = await identity.list_platform_administrators(info.context.session)
        return [UserType.from_model(row) for row in rows]

    @strawberry.field(description="Invitations of the active organisation.")
    async def invitations(
        self, info: Info, first: FirstArg = None, after: AfterArg = None
    ) -> Connection[InvitationType]:
        page = await members.list_invitations(info.context.session, first=first, after=after)
        return connection(page, InvitationType.from_model)

    @strawberry.field(description="API keys of the active organisation.")
    async def api_keys(
        self, info: Info, first: FirstArg = None, after: AfterArg = None
    ) -> Connection[ApiKeyType]:
        page = await api_keys.list_api_keys(info.context.session, first=first, after=after)
        return connection(page, ApiKeyType.from_model)

    @strawberry.field(description="OpenID Connect settings of the active organisation.")
    async def oidc_configuration(self, info: Info) -> OidcConfiguration | None:
        provider = await oidc_config.get_configuration(info.context.session)
        return None if provider is None else OidcConfiguration.from_model(provider)

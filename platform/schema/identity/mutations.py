"""Root mutations of the identity context."""

from __future__ import annotations

import strawberry

from clea_platform.identity import members, oidc_config
from clea_platform.identity import service as identity
from clea_platform.identity.errors import IdentityError, IdentityErrorCode
from clea_platform.identity.models import User
from clea_platform.schema.context import Context, Info
from clea_platform.schema.identity import inputs
from clea_platform.schema.identity.types import (
    ApiKeyPayload,
    ApiKeyType,
    InvitationPayload,
    InvitationType,
    LogoutEverywherePayload,
    MembershipPayload,
    MembershipType,
    OidcConfiguration,
    OidcConfigurationPayload,
    OkPayload,
    ViewerPayload,
)
from clea_platform.schema.identity.viewer import build_viewer
from clea_platform.schema.ids import parse_id
from clea_platform.tenants.context import Actor

NOT_FOUND = IdentityError(IdentityErrorCode.NOT_FOUND, "Introuvable.", field="id")


async def _log_in(context: Context, user: User, method: str) -> Actor:
    opened = await identity.open_session(
        context.session,
        user,
        ip_address=context.client_ip,
        user_agent=context.user_agent,
        method=method,
    )
    context.set_session_cookie(opened.token)
    return await identity.actor_for_user(
        context.session,
        user,
        opened.browser_session.active_organisation_id,
        session_id=opened.browser_session.id,
        request_id=context.actor.request_id,
        ip_address=context.client_ip,
    )


@strawberry.type
class IdentityMutations:
    @strawberry.mutation(description="Log in with email and password (sets the session cookie).")
    async def login(self, info: Info, input: inputs.LoginInput) -> ViewerPayload:
        context = info.context
        user = await identity.authenticate_password(
            context.session, context.sessions, input.email, input.password, context.client_ip
        )
        actor = await _log_in(context, user, "password")
        from clea_platform.audit import service as audit

        audit.record(context.session, actor, "session.login", [user.id])
        return ViewerPayload(viewer=await build_viewer(context.session, actor))

    @strawberry.mutation(description="End the current session.")
    async def logout(self, info: Info, input: inputs.EmptyInput | None = None) -> OkPayload:
        context = info.context
        if context.actor.session_id is not None:
            await identity.revoke_session(context.session, context.actor, context.actor.session_id)
        context.clear_session_cookie()
        return OkPayload(ok=True)

    @strawberry.mutation(description="End every session of the current user, this one included.")
    async def logout_everywhere(
        self, info: Info, input: inputs.EmptyInput | None = None
    ) -> LogoutEverywherePayload:
        count = await identity.revoke_all_sessions(info.context.session, info.context.actor)
        info.context.clear_session_cookie()
        return LogoutEverywherePayload(revoked_count=count)

    @strawberry.mutation(description="End one of the current user's sessions.")
    async def revoke_session(self, info: Info, input: inputs.RevokeSessionInput) -> OkPayload:
        await identity.revoke_session(
            info.context.session, info.context.actor, parse_id(input.id, NOT_FOUND)
        )
        return OkPayload(ok=True)

    @strawberry.mutation(description="Choose the organisation the session acts for.")
    async def switch_organisation(
        self, info: Info, input: inputs.SwitchOrganisationInput
    ) -> ViewerPayload:
        context = info.context
        organisation_id = (
            None
            if input.organisation_id is None
            else parse_id(
                input.organisation_id,
                IdentityError(
                    IdentityErrorCode.NOT_A_MEMBER,
                    "Vous n'êtes pas membre de cette organisation.",
                    field="organisationId",
                ),
            )
        )
        actor = await identity.switch_organisation(context.session, context.actor, organisation_id)
        return ViewerPayload(viewer=await build_viewer(context.session, actor))

    @strawberry.mutation(description="Change one's own password.")
    async def change_password(self, info: Info, input: inputs.ChangePasswordInput) -> OkPayload:
        await identity.change_password(
            info.context.session, info.context.actor, input.current_password, input.new_password
        )
        return OkPayload(ok=True)

    @strawberry.mutation(description="Email a reset link if the account exists (always succeeds).")
    async def request_password_reset(
        self, info: Info, input: inputs.RequestPasswordResetInput
    ) -> OkPayload:
        context = info.context
        await identity.request_password_reset(
            context.session, context.actor, input.email, context.settings.base_url
        )
        return OkPayload(ok=True)

    @strawberry.mutation(description="Choose a new password from a reset link.")
    async def reset_password(self, info: Info, input: inputs.ResetPasswordInput) -> OkPayload:
        await identity.reset_password(
            info.context.session, info.context.actor, input.token, input.new_password
        )
        return OkPayload(ok=True)

    @strawberry.mutation(description="Accept an invitation; creates the account if needed.")
    async def accept_invitation(
        self, info: Info, input: inputs.AcceptInvitationInput
    ) -> ViewerPayload:
        context = info.context
        user, organisation_id = await members.accept_invitation(
            context.session, context.actor, input.token, input.full_name, input.password
        )
        actor = await _log_in(context, user, "invitation")
        if actor.organisation_id != organisation_id:
            actor = await identity.switch_organisation(context.session, actor, organisation_id)
        return ViewerPayload(viewer=await build_viewer(context.session, actor))

    @strawberry.mutation(description="Invite someone into the active organisation.")
    async def invite_member(self, info: Info, input: inputs.InviteMemberInput) -> InvitationPayload:
        context = info.context
        assert context.actor.organisation_id is not None
        issued = await members.invite(
            context.session,
            context.actor,
            context.actor.organisation_id,
            input.email,
            [role.value for role in input.roles],
            context.settings.base_url,
        )
        return InvitationPayload(invitation=InvitationType.from_model(issued.invitation))

    @strawberry.mutation(description="Withdraw a pending invitation.")
    async def revoke_invitation(
        self, info: Info, input: inputs.RevokeInvitationInput
    ) -> InvitationPayload:
        invitation = await members.revoke_invitation(
            info.context.session, info.context.actor, parse_id(input.id, NOT_FOUND)
        )
        return InvitationPayload(invitation=InvitationType.from_model(invitation))

    @strawberry.mutation(description="Change a member's roles.")
    async def update_member_roles(
        self, info: Info, input: inputs.UpdateMemberRolesInput
    ) -> MembershipPayload:
        membership = await members.update_member_roles(
            info.context.session,
            info.context.actor,
            parse_id(input.membership_id, NOT_FOUND),
            [role.value for role in input.roles],
        )
        return MembershipPayload(membership=MembershipType.from_model(membership))

    @strawberry.mutation(description="Remove a member from the active organisation.")
    async def remove_member(self, info: Info, input: inputs.RemoveMemberInput) -> OkPayload:
        await members.remove_member(
            info.context.session, info.context.actor, parse_id(input.membership_id, NOT_FOUND)
        )
        return OkPayload(ok=True)

    @strawberry.mutation(description="Create an API key; its secret is returned once.")
    async def create_api_key(self, info: Info, input: inputs.CreateApiKeyInput) -> ApiKeyPayload:
        issued = await members.create_api_key(
            info.context.session, info.context.actor, input.name, input.role.value
        )
        return ApiKeyPayload(api_key=ApiKeyType.from_model(issued.api_key), secret=issued.secret)

    @strawberry.mutation(description="Revoke an API key at once.")
    async def revoke_api_key(self, info: Info, input: inputs.RevokeApiKeyInput) -> ApiKeyPayload:
        api_key = await members.revoke_api_key(
            info.context.session, info.context.actor, parse_id(input.id, NOT_FOUND)
        )
        return ApiKeyPayload(api_key=ApiKeyType.from_model(api_key))

    @strawberry.mutation(description="Set the organisation's OpenID Connect provider.")
    async def configure_oidc(
        self, info: Info, input: inputs.ConfigureOidcInput
    ) -> OidcConfigurationPayload:
        context = info.context
        provider = await oidc_config.configure(
            context.session,
            context.actor,
            context.settings.secret_key,
            issuer=input.issuer,
            client_id=input.client_id,
            client_secret=input.client_secret,
            enabled=input.enabled,
            production=context.settings.is_production,
        )
        return OidcConfigurationPayload(
            oidc_configuration=OidcConfiguration(
                issuer=provider.issuer,
                client_id=provider.client_id,
                enabled=provider.enabled,
                has_client_secret=bool(provider.client_secret),
            )
        )

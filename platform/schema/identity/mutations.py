"""Root mutations of the identity context."""

from __future__ import annotations

import strawberry

from clea_platform.identity import api_keys, login, members, oidc_config
from clea_platform.identity import service as identity
from clea_platform.identity.errors import IdentityError, IdentityErrorCode
from clea_platform.schema.context import Context, Info
from clea_platform.schema.identity import inputs
from clea_platform.schema.identity.payloads import (
    AcceptInvitationPayload,
    ChangePasswordPayload,
    ConfigureOidcPayload,
    CreateApiKeyPayload,
    InviteMemberPayload,
    LoginPayload,
    LogoutEverywherePayload,
    LogoutPayload,
    RemoveMemberPayload,
    RequestPasswordResetPayload,
    ResetPasswordPayload,
    RevokeApiKeyPayload,
    RevokeInvitationPayload,
    RevokeSessionPayload,
    SwitchOrganisationPayload,
    UpdateMemberRolesPayload,
)
from clea_platform.schema.identity.types import (
    ApiKeyType,
    InvitationType,
    MembershipType,
    OidcConfiguration,
    resolve_viewer,
)
from clea_platform.schema.ids import parse_id


def _not_found() -> IdentityError:
    return IdentityError(IdentityErrorCode.NOT_FOUND, "Introuvable.", field="id")


def _client(context: Context) -> login.Client:
    return login.Client(
        ip_address=context.client_ip,
        user_agent=context.user_agent,
        request_id=context.actor.request_id,
    )


@strawberry.type
class IdentityMutations:
    @strawberry.mutation(description="Log in with email and password (sets the session cookie).")
    async def login(self, info: Info, input: inputs.LoginInput) -> LoginPayload:
        context = info.context
        logged_in = await login.log_in_with_password(
            context.session, context.sessions, input.email, input.password, _client(context)
        )
        context.set_session_cookie(logged_in.token)
        return LoginPayload(viewer=await resolve_viewer(context.session, logged_in.actor))

    @strawberry.mutation(description="End the current session.")
    async def logout(self, info: Info, input: inputs.LogoutInput) -> LogoutPayload:
        await login.log_out(info.context.session, info.context.actor)
        info.context.clear_session_cookie()
        return LogoutPayload(ok=True)

    @strawberry.mutation(description="End every session of the current user, this one included.")
    async def logout_everywhere(
        self, info: Info, input: inputs.LogoutEverywhereInput
    ) -> LogoutEverywherePayload:
        count = await identity.revoke_all_sessions(info.context.session, info.context.actor)
        info.context.clear_session_cookie()
        return LogoutEverywherePayload(revoked_count=count)

    @strawberry.mutation(description="End one of the current user's sessions.")
    async def revoke_session(
        self, info: Info, input: inputs.RevokeSessionInput
    ) -> RevokeSessionPayload:
        await identity.revoke_session(
            info.context.session, info.context.actor, parse_id(input.id, _not_found())
        )
        return RevokeSessionPayload(ok=True)

    @strawberry.mutation(description="Choose the organisation the session acts for.")
    async def switch_organisation(
        self, info: Info, input: inputs.SwitchOrganisationInput
    ) -> SwitchOrganisationPayload:
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
        return SwitchOrganisationPayload(viewer=await resolve_viewer(context.session, actor))

    @strawberry.mutation(description="Change one's own password.")
    async def change_password(
        self, info: Info, input: inputs.ChangePasswordInput
    ) -> ChangePasswordPayload:
        await identity.change_password(
            info.context.session, info.context.actor, input.current_password, input.new_password
        )
        return ChangePasswordPayload(ok=True)

    @strawberry.mutation(description="Email a reset link if the account exists (always succeeds).")
    async def request_password_reset(
        self, info: Info, input: inputs.RequestPasswordResetInput
    ) -> RequestPasswordResetPayload:
        context = info.context
        await identity.request_password_reset(
            context.session, context.actor, input.email, context.settings.base_url
        )
        return RequestPasswordResetPayload(ok=True)

    @strawberry.mutation(description="Choose a new password from a reset link.")
    async def reset_password(
        self, info: Info, input: inputs.ResetPasswordInput
    ) -> ResetPasswordPayload:
        await identity.reset_password(
            info.context.session, info.context.actor, input.token, input.new_password
        )
        return ResetPasswordPayload(ok=True)

    @strawberry.mutation(description="Accept an invitation; creates the account if needed.")
    async def accept_invitation(
        self, info: Info, input: inputs.AcceptInvitationInput
    ) -> AcceptInvitationPayload:
        context = info.context
        logged_in = await login.accept_invitation(
            context.session,
            context.actor,
            input.token,
            input.full_name,
            input.password,
            _client(context),
        )
        context.set_session_cookie(logged_in.token)
        return AcceptInvitationPayload(
            viewer=await resolve_viewer(context.session, logged_in.actor)
        )

    @strawberry.mutation(description="Invite someone into the active organisation.")
    async def invite_member(
        self, info: Info, input: inputs.InviteMemberInput
    ) -> InviteMemberPayload:
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
        return InviteMemberPayload(invitation=InvitationType.from_model(issued.invitation))

    @strawberry.mutation(description="Withdraw a pending invitation.")
    async def revoke_invitation(
        self, info: Info, input: inputs.RevokeInvitationInput
    ) -> RevokeInvitationPayload:
        invitation = await members.revoke_invitation(
            info.context.session, info.context.actor, parse_id(input.id, _not_found())
        )
        return RevokeInvitationPayload(invitation=InvitationType.from_model(invitation))

    @strawberry.mutation(description="Change a member's roles.")
    async def update_member_roles(
        self, info: Info, input: inputs.UpdateMemberRolesInput
    ) -> UpdateMemberRolesPayload:
        membership = await members.update_member_roles(
            info.context.session,
            info.context.actor,
            parse_id(input.membership_id, _not_found()),
            [role.value for role in input.roles],
        )
        return UpdateMemberRolesPayload(membership=MembershipType.from_model(membership))

    @strawberry.mutation(description="Remove a member from the active organisation.")
    async def remove_member(
        self, info: Info, input: inputs.RemoveMemberInput
    ) -> RemoveMemberPayload:
        await members.remove_member(
            info.context.session, info.context.actor, parse_id(input.membership_id, _not_found())
        )
        return RemoveMemberPayload(ok=True)

    @strawberry.mutation(description="Create an API key; its secret is returned once.")
    async def create_api_key(
        self, info: Info, input: inputs.CreateApiKeyInput
    ) -> CreateApiKeyPayload:
        issued = await api_keys.create_api_key(
            info.context.session, info.context.actor, input.name, input.role.value
        )
        return CreateApiKeyPayload(
            api_key=ApiKeyType.from_model(issued.api_key), secret=issued.secret
        )

    @strawberry.mutation(description="Revoke an API key at once.")
    async def revoke_api_key(
        self, info: Info, input: inputs.RevokeApiKeyInput
    ) -> RevokeApiKeyPayload:
        api_key = await api_keys.revoke_api_key(
            info.context.session, info.context.actor, parse_id(input.id, _not_found())
        )
        return RevokeApiKeyPayload(api_key=ApiKeyType.from_model(api_key))

    @strawberry.mutation(description="Set the organisation's OpenID Connect provider.")
    async def configure_oidc(
        self, info: Info, input: inputs.ConfigureOidcInput
    ) -> ConfigureOidcPayload:
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
        return ConfigureOidcPayload(oidc_configuration=OidcConfiguration.from_model(provider))

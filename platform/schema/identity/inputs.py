"""Inputs of the identity mutations: one ``<Mutation>Input`` per mutation."""

from __future__ import annotations

import strawberry

from clea_platform.schema.identity.enums import Role


@strawberry.input(description="Email and password of a local account.")
class LoginInput:
    email: str = strawberry.field(description="Login email.")
    password: str = strawberry.field(description="Password.")


@strawberry.input(description="Ending the current session (nothing to choose).")
class LogoutInput:
    client_mutation_id: str | None = strawberry.field(
        default=None, description="Optional, for the client's own bookkeeping; not stored."
    )


@strawberry.input(description="Ending every session of the current user (nothing to choose).")
class LogoutEverywhereInput:
    client_mutation_id: str | None = strawberry.field(
        default=None, description="Optional, for the client's own bookkeeping; not stored."
    )


@strawberry.input(description="A session to end.")
class RevokeSessionInput:
    id: strawberry.ID = strawberry.field(description="The session.")


@strawberry.input(description="The organisation to act for.")
class SwitchOrganisationInput:
    organisation_id: strawberry.ID | None = strawberry.field(
        default=None, description="Null for platform-level work (Certif'Pro only)."
    )


@strawberry.input(description="Changing one's own password.")
class ChangePasswordInput:
    current_password: str = strawberry.field(description="Current password.")
    new_password: str = strawberry.field(description="At least 12 characters, not a common one.")


@strawberry.input(description="Asking for a password reset link by email.")
class RequestPasswordResetInput:
    email: str = strawberry.field(description="The account's email.")


@strawberry.input(description="Choosing a new password from a reset link.")
class ResetPasswordInput:
    token: str = strawberry.field(description="Token from the emailed link.")
    new_password: str = strawberry.field(description="At least 12 characters, not a common one.")


@strawberry.input(description="Accepting an invitation.")
class AcceptInvitationInput:
    token: str = strawberry.field(description="Token from the emailed link.")
    full_name: str = strawberry.field(default="", description="Needed for a new account.")
    password: str = strawberry.field(default="", description="Needed for a new account.")


@strawberry.input(description="Inviting someone into the active organisation.")
class InviteMemberInput:
    email: str = strawberry.field(description="Address to invite.")
    roles: list[Role] = strawberry.field(description="Roles offered (at least one).")


@strawberry.input(description="An invitation to withdraw.")
class RevokeInvitationInput:
    id: strawberry.ID = strawberry.field(description="The invitation.")


@strawberry.input(description="New roles of a member.")
class UpdateMemberRolesInput:
    membership_id: strawberry.ID = strawberry.field(description="The membership.")
    roles: list[Role] = strawberry.field(description="Roles (at least one).")


@strawberry.input(description="A member to remove from the organisation.")
class RemoveMemberInput:
    membership_id: strawberry.ID = strawberry.field(description="The membership.")


@strawberry.input(description="A new API key.")
class CreateApiKeyInput:
    name: str = strawberry.field(description="What it is for.")
    role: Role = strawberry.field(description="The single role it acts with.")


@strawberry.input(description="An API key to revoke.")
class RevokeApiKeyInput:
    id: strawberry.ID = strawberry.field(description="The key.")


@strawberry.input(description="OpenID Connect provider of the active organisation.")
class ConfigureOidcInput:
    issuer: str = strawberry.field(description="Issuer URL (https).")
    client_id: str = strawberry.field(description="Client identifier at the provider.")
    client_secret: str | None = strawberry.field(
        default=None, description="Client secret; omit to keep the stored one."
    )
    enabled: bool = strawberry.field(default=True, description="Offer the login button.")

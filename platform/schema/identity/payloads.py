"""What the identity mutations return: one ``<Mutation>Payload`` each, with ``errors``.

Payloads that carry the same result share a base type (not exposed in the schema by
itself); each mutation still has its own payload type, free to grow on its own.
"""

from __future__ import annotations

from typing import ClassVar

import strawberry

from clea_platform.schema.errors import FromDomainError
from clea_platform.schema.identity.enums import IdentityErrorCode
from clea_platform.schema.identity.types import (
    ApiKeyType,
    InvitationType,
    MembershipType,
    OidcConfiguration,
    Viewer,
)


@strawberry.type(description="A problem with the input, to show next to the field.")
class IdentityProblem(FromDomainError):  # noqa: N818 (a GraphQL type, not an exception)
    code: IdentityErrorCode = strawberry.field(description="Machine-readable reason.")
    field: str | None = strawberry.field(description="Input field at fault, if any.")
    message: str = strawberry.field(description="French explanation.")


@strawberry.type(description="Fields of the results that log someone in or switch.")
class ViewerChange:
    error_type: ClassVar[type[IdentityProblem]] = IdentityProblem
    viewer: Viewer | None = strawberry.field(default=None, description="Who is now logged in.")
    errors: list[IdentityProblem] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of logging in with email and password.")
class LoginPayload(ViewerChange):
    pass


@strawberry.type(description="Result of choosing the organisation the session acts for.")
class SwitchOrganisationPayload(ViewerChange):
    pass


@strawberry.type(description="Result of accepting an invitation (the person is logged in).")
class AcceptInvitationPayload(ViewerChange):
    pass


@strawberry.type(description="Fields of the results with nothing else to return.")
class Done:
    error_type: ClassVar[type[IdentityProblem]] = IdentityProblem
    ok: bool = strawberry.field(default=False, description="True when it was done.")
    errors: list[IdentityProblem] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of ending the current session.")
class LogoutPayload(Done):
    pass


@strawberry.type(description="Result of ending one of the current user's sessions.")
class RevokeSessionPayload(Done):
    pass


@strawberry.type(description="Result of changing one's own password.")
class ChangePasswordPayload(Done):
    pass


@strawberry.type(description="Result of asking for a reset link (the same whether or not sent).")
class RequestPasswordResetPayload(Done):
    pass


@strawberry.type(description="Result of choosing a new password from a reset link.")
class ResetPasswordPayload(Done):
    pass


@strawberry.type(description="Result of removing a member from the organisation.")
class RemoveMemberPayload(Done):
    pass


@strawberry.type(description="Result of logging out everywhere.")
class LogoutEverywherePayload:
    error_type: ClassVar[type[IdentityProblem]] = IdentityProblem
    revoked_count: int = strawberry.field(default=0, description="Sessions ended.")
    errors: list[IdentityProblem] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Fields of the results of an invitation change.")
class InvitationChange:
    error_type: ClassVar[type[IdentityProblem]] = IdentityProblem
    invitation: InvitationType | None = strawberry.field(default=None, description="It.")
    errors: list[IdentityProblem] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of inviting someone into the organisation.")
class InviteMemberPayload(InvitationChange):
    pass


@strawberry.type(description="Result of withdrawing an invitation.")
class RevokeInvitationPayload(InvitationChange):
    pass


@strawberry.type(description="Result of changing a member's roles.")
class UpdateMemberRolesPayload:
    error_type: ClassVar[type[IdentityProblem]] = IdentityProblem
    membership: MembershipType | None = strawberry.field(default=None, description="It.")
    errors: list[IdentityProblem] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of creating an API key.")
class CreateApiKeyPayload:
    error_type: ClassVar[type[IdentityProblem]] = IdentityProblem
    api_key: ApiKeyType | None = strawberry.field(default=None, description="The key.")
    secret: str | None = strawberry.field(
        default=None, description="The full key, shown once at creation; store it now."
    )
    errors: list[IdentityProblem] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of revoking an API key.")
class RevokeApiKeyPayload:
    error_type: ClassVar[type[IdentityProblem]] = IdentityProblem
    api_key: ApiKeyType | None = strawberry.field(default=None, description="The key.")
    errors: list[IdentityProblem] = strawberry.field(default_factory=list, description="Problems.")


@strawberry.type(description="Result of setting the organisation's OpenID Connect provider.")
class ConfigureOidcPayload:
    error_type: ClassVar[type[IdentityProblem]] = IdentityProblem
    oidc_configuration: OidcConfiguration | None = strawberry.field(default=None, description="It.")
    errors: list[IdentityProblem] = strawberry.field(default_factory=list, description="Problems.")

"""The one shape of "not found": a member of every single-object query's union.

A query that may not find what it is asked for returns ``<Thing>Result = <Thing> |
NotFound``; an object that does not exist and one the caller may not see look the same
(the Zulip habit: no probing of other tenants' identifiers).

Example::

    DossierResult = Annotated[
        DossierType | NotFound, strawberry.union("DossierResult", description="…")
    ]

    async def dossier(self, info: Info, id: strawberry.ID) -> DossierResult:
        found = await dossiers.get_dossier_for(info.context.session, actor, id)
        return NotFound.of("Dossier introuvable.", id) if found is None else ...
"""

from __future__ import annotations

import strawberry


@strawberry.type(description="What was asked for does not exist or is not visible to you.")
class NotFound:
    message: str = strawberry.field(description="French, user-facing explanation.")
    # Not ``id``: selected beside ``... on Dossier { id }`` (``ID!``) in one union, a
    # nullable ``id`` would make the two fields conflict (GraphQL's field-merging rule).
    requested_id: strawberry.ID | None = strawberry.field(
        default=None, description="The identifier that was asked for, as sent."
    )

    @classmethod
    def of(cls, message: str, requested_id: object = None) -> NotFound:
        identifier = None if requested_id is None else strawberry.ID(str(requested_id))
        return cls(message=message, requested_id=identifier)

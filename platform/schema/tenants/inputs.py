"""Inputs of the tenants mutations: one ``<Mutation>Input`` per mutation."""

from __future__ import annotations

import strawberry

from clea_platform.schema.tenants.enums import NationalNetwork


@strawberry.input(description="A new evaluator organisation.")
class CreateOrganisationInput:
    name: str = strawberry.field(description="Legal name.")
    siren: str = strawberry.field(description="9-digit SIREN (spaces allowed).")
    legal_form: str = strawberry.field(default="", description="Legal form.")
    network: NationalNetwork | None = strawberry.field(default=None, description="Network.")
    admin_email: str | None = strawberry.field(
        default=None, description="If given, this person is invited as its first administrator."
    )


@strawberry.input(description="Changes to an organisation's identity.")
class UpdateOrganisationInput:
    id: strawberry.ID = strawberry.field(description="The organisation.")
    name: str = strawberry.field(description="Legal name.")
    legal_form: str = strawberry.field(default="", description="Legal form.")
    network: NationalNetwork | None = strawberry.field(default=None, description="Network.")


@strawberry.input(description="Making an organisation the head of its national network.")
class SetOrganisationNetworkHeadInput:
    organisation_id: strawberry.ID = strawberry.field(description="The organisation.")
    network: NationalNetwork | None = strawberry.field(
        default=None,
        description="The national network it heads (its own), or null: it heads none.",
    )


@strawberry.input(description="Suspending an organisation (its users can then only read).")
class SuspendOrganisationInput:
    id: strawberry.ID = strawberry.field(description="The organisation.")
    reason: str = strawberry.field(description="Why, shown to the organisation.")


@strawberry.input(description="Reactivating a suspended organisation.")
class ReactivateOrganisationInput:
    id: strawberry.ID = strawberry.field(description="The organisation.")


@strawberry.input(description="An establishment of the active organisation.")
class CreateSiteInput:
    name: str = strawberry.field(description="Name of the establishment.")
    siret: str = strawberry.field(description="14-digit SIRET, starting with the SIREN.")
    address_line: str = strawberry.field(description="Street address.")
    postal_code: str = strawberry.field(description="5-digit postal code.")
    city: str = strawberry.field(description="City.")
    region: str = strawberry.field(description="One of the 18 régions.")


@strawberry.input(description="Changes to a site.")
class UpdateSiteInput(CreateSiteInput):
    id: strawberry.ID = strawberry.field(description="The site.")

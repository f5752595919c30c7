"""A new organisation accredited over the GraphQL API, for the scenarios that need one.

What the campaign screens of ``test_accreditation_campaign.py`` do, as one function:
Certif'Pro opens a CléA campaign accepting one scope; a new organisation asks for access,
its administrator accepts the invitation, applies with one site and submits; Certif'Pro
reviews and accepts. The caller gets the administrator's signed-in client.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx

from tests.e2e.api_setup import api_login, graphql
from tests.e2e.test_accreditation_campaign import invitation_link, new_siren, with_check_digit

PASSWORD = "Val-E2E-mot-de-passe-2026"
CERTIFPRO_ADMIN = "admin@certifpro.demo"
DECLARATIONS = ["accuracy", "quality", "independence", "referentiel"]


async def accept(server_url: str, link: str, name: str) -> httpx.AsyncClient:
    """The invited person sets a password by the link; returns their signed-in client."""
    token = parse_qs(urlparse(link).query)["token"][0]
    client = httpx.AsyncClient(base_url=server_url, timeout=30)
    accepted = await graphql(
        client,
        "mutation ($t: String!, $n: String!, $p: String!) { acceptInvitation(input:"
        " {token: $t, fullName: $n, password: $p})"
        " { viewer { activeOrganisation { name } } errors { message } } }",
        t=token,
        n=name,
        p=PASSWORD,
    )
    assert accepted["acceptInvitation"]["errors"] == [], accepted
    return client


@dataclass(frozen=True)
class NewOrganisation:
    """Who applies, for which scope, with which site (an ``ApplicationSiteInput`` without
    its SIRET and scope, which the set-up gives)."""

    name: str
    admin: tuple[str, str]
    scope: str
    campaign_title: str
    site: dict[str, Any]


@dataclass
class Accredited:
    siret: str
    campaign: dict[str, Any]
    admin: httpx.AsyncClient


async def accredited_organisation(
    server_url: str, data_dir: Path, new: NewOrganisation
) -> Accredited:
    """``new`` accredited for CléA in its scope at one site; close ``admin`` when done."""
    today = dt.date.today()
    siret = with_check_digit(new_siren() + "0001")
    async with httpx.AsyncClient(base_url=server_url, timeout=30) as certifpro:
        await api_login(certifpro, CERTIFPRO_ADMIN)
        created = await graphql(
            certifpro,
            "mutation ($t: String!, $o: Date!, $c: Date!, $s: Date!, $e: Date!,"
            " $scope: AccreditationScope!) { createCampaign(input: { title: $t,"
            ' certificationCodes: ["CLEA"], opensOn: $o, closesOn: $c,'
            " accreditationStartsOn: $s, accreditationEndsOn: $e, acceptedScopes: [$scope]})"
            " { campaign { id replyDays } errors { message } } }",
            t=new.campaign_title,
            o=str(today - dt.timedelta(days=1)),
            c=str(today + dt.timedelta(days=30)),
            s=str(today - dt.timedelta(days=1)),
            e=str(today + dt.timedelta(days=3 * 365)),
            scope=new.scope,
        )
        assert created["createCampaign"]["errors"] == [], created
        campaign = created["createCampaign"]["campaign"]
        async with httpx.AsyncClient(base_url=server_url, timeout=30) as public:
            requested = await graphql(
                public,
                "mutation ($n: String!, $s: String!, $a: String!, $e: String!) {"
                " requestAccreditation(input: {organisationName: $n, siren: $s,"
                " adminFullName: $a, adminEmail: $e}) { organisationName errors { message } } }",
                n=new.name,
                s=siret[:9],
                a=new.admin[0],
                e=new.admin[1],
            )
            assert requested["requestAccreditation"]["errors"] == [], requested
        admin = await accept(server_url, invitation_link(data_dir, new.admin[1]), new.admin[0])
        started = await graphql(
            admin,
            "mutation ($c: ID!) { startApplication(input: {campaignId: $c})"
            " { application { id revision } errors { message } } }",
            c=campaign["id"],
        )
        assert started["startApplication"]["errors"] == [], started
        application = started["startApplication"]["application"]
        saved = await graphql(
            admin,
            "mutation ($a: ID!, $r: Int!, $s: [ApplicationSiteInput!]!, $d: [String!]!) {"
            " saveApplication(input: {applicationId: $a, revision: $r, sites: $s,"
            " declarations: $d}) { application { revision } errors { field message } } }",
            a=application["id"],
            r=application["revision"],
            s=[{**new.site, "siret": siret, "scope": new.scope}],
            d=DECLARATIONS,
        )
        assert saved["saveApplication"]["errors"] == [], saved
        submitted = await graphql(
            admin,
            "mutation ($a: ID!, $r: Int!) { submitApplication(input: {applicationId: $a,"
            " revision: $r}) { application { status } errors { field message } } }",
            a=application["id"],
            r=saved["saveApplication"]["application"]["revision"],
        )
        assert submitted["submitApplication"]["errors"] == [], submitted
        for step in ("startApplicationReview", "acceptApplication"):
            done = await graphql(
                certifpro,
                f"mutation ($a: ID!) {{ {step}(input: {{applicationId: $a}})"
                " { application { status } errors { message } } }",
                a=application["id"],
            )
            assert done[step]["errors"] == [], done
    return Accredited(siret=siret, campaign=campaign, admin=admin)

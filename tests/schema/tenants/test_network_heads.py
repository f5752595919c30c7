"""Certif'Pro names the organisation heading a national network (« Tête de réseau »)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select, update

from clea_platform.audit.models import AuditEvent
from clea_platform.tenants.models import NationalNetwork, Organisation
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.isolation.helpers import random_siren
from tests.schema.identity.conftest import LoggedIn, post

CREATE = """
mutation ($name: String!, $siren: String!, $network: NationalNetwork) {
  createOrganisation(input: {name: $name, siren: $siren, network: $network}) {
    organisation { id } errors { message }
  }
}
"""
SET_HEAD = """
mutation ($id: ID!, $network: NationalNetwork) {
  setOrganisationNetworkHead(input: {organisationId: $id, network: $network}) {
    organisation { id network headsNetwork }
    errors { code field message }
  }
}
"""
UPDATE = """
mutation ($id: ID!, $network: NationalNetwork) {
  updateOrganisation(input: {id: $id, name: "Infrep Centre", network: $network}) {
    organisation { network } errors { code field message }
  }
}
"""


async def _organisation(admin: Any, name: str, network: str) -> str:
    body = await post(admin, CREATE, name=name, siren=random_siren(), network=network)
    assert body["data"]["createOrganisation"]["errors"] == [], body
    return str(body["data"]["createOrganisation"]["organisation"]["id"])


async def test_certif_pro_names_one_head_per_network_among_its_members(
    logged_in: LoggedIn, app: Any
) -> None:
    # Given two Infrep organisations and a Greta one, and no Infrep head yet (the shared
    # database may keep one from an earlier run of this test)
    async with app.state.sessions.begin() as session:
        await session.execute(
            update(Organisation)
            .where(Organisation.heads_network == NationalNetwork.INFREP)
            .values(heads_network=None)
        )
    admin = await logged_in("admin@certifpro.demo")
    suffix = uuid.uuid4().hex[:6]
    first = await _organisation(admin, f"Infrep Centre {suffix}", "INFREP")
    second = await _organisation(admin, f"Infrep Ouest {suffix}", "INFREP")
    greta = await _organisation(admin, f"Greta Sud {suffix}", "GRETA")

    # When Certif'Pro names the first the Infrep network's head
    named = await post(admin, SET_HEAD, id=first, network="INFREP")
    # Then it heads it, and the change is audited
    assert named["data"]["setOrganisationNetworkHead"] == {
        "organisation": {"id": first, "network": "INFREP", "headsNetwork": "INFREP"},
        "errors": [],
    }
    async with app.state.sessions.begin() as session, cross_tenant_reads(session, "tests"):
        operations = list(
            await session.scalars(
                select(AuditEvent.operation).where(AuditEvent.organisation_id == uuid.UUID(first))
            )
        )
    assert "organisation.network_head.set" in operations

    # And a second head of the same network is refused, naming the current one
    taken = await post(admin, SET_HEAD, id=second, network="INFREP")
    assert taken["data"]["setOrganisationNetworkHead"] == {
        "organisation": None,
        "errors": [
            {
                "code": "NETWORK_HEAD_TAKEN",
                "field": "network",
                "message": f"Le réseau Infrep a déjà pour tête « Infrep Centre {suffix} ». "
                "Retirez-lui d'abord ce rôle : un réseau n'a qu'une tête.",
            }
        ],
    }
    # And an organisation heads only its own network
    outsider = await post(admin, SET_HEAD, id=greta, network="INFREP")
    assert outsider["data"]["setOrganisationNetworkHead"]["errors"] == [
        {
            "code": "NOT_NETWORK_MEMBER",
            "field": "network",
            "message": f"Greta Sud {suffix} n'appartient pas au réseau Infrep : indiquez "
            "d'abord ce réseau dans son identité, puis désignez-le tête de réseau.",
        }
    ]
    # And the head cannot leave the network it heads
    moved = await post(admin, UPDATE, id=first, network="GRETA")
    assert moved["data"]["updateOrganisation"]["errors"][0]["code"] == "NOT_NETWORK_MEMBER"
    # And an unknown organisation is not found
    missing = await post(admin, SET_HEAD, id=str(uuid.uuid4()), network="INFREP")
    assert missing["data"]["setOrganisationNetworkHead"]["errors"][0]["code"] == "NOT_FOUND"

    # When the first is relieved of the role, the second may be named
    removed = await post(admin, SET_HEAD, id=first, network=None)
    renamed = await post(admin, SET_HEAD, id=second, network="INFREP")
    assert removed["data"]["setOrganisationNetworkHead"]["organisation"]["headsNetwork"] is None
    assert renamed["data"]["setOrganisationNetworkHead"]["organisation"]["headsNetwork"] == (
        "INFREP"
    )
    listed = await post(
        admin,
        "query ($s: String) { organisations(search: $s) { edges { node { name headsNetwork } } } }",
        s=suffix,
    )
    heads = {
        edge["node"]["name"]: edge["node"]["headsNetwork"]
        for edge in listed["data"]["organisations"]["edges"]
    }
    assert heads == {
        f"Infrep Centre {suffix}": None,
        f"Infrep Ouest {suffix}": "INFREP",
        f"Greta Sud {suffix}": None,
    }
    # (the second stays head: cleared by the next run's first step)

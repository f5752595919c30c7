"""An org admin manages webhook subscriptions and replays deliveries through the API;
Certif'Pro produces declaration batches."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from clea_platform.core.config import Settings
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import cross_tenant
from clea_platform.tenants.models import Organisation
from clea_platform.webhooks import signing
from clea_platform.webhooks.delivery import deliver_pending
from tests.schema.identity.conftest import LoggedIn, post
from tests.webhooks.conftest import Receiver, certificate_issued

CREATE = """
mutation ($url: String!, $events: [String!]!) {
  createWebhookSubscription(input: {url: $url, description: "ERP", events: $events}) {
    subscription { id url events active } secret errors { code field message }
  }
}
"""
LIST = "{ webhookSubscriptions { id url events active } webhookEventTypes { code label } }"
DELIVERIES = """
query ($id: ID!) {
  webhookDeliveries(subscriptionId: $id, first: 10) {
    __typename
    ... on WebhookDeliveryConnection {
      totalCount edges { node { id eventType status attempts lastStatusCode body } }
    }
    ... on NotFound { message }
  }
}
"""
REPLAY = """
mutation ($id: ID!) {
  replayWebhookDelivery(input: {id: $id}) { delivery { id status } errors { code message } }
}
"""
DELETE = """
mutation ($id: ID!) { deleteWebhookSubscription(input: {id: $id}) { deleted errors { code } } }
"""
BATCH = """
mutation ($start: Date!, $end: Date!) {
  createDeclarationBatch(input: {periodStart: $start, periodEnd: $end}) {
    batch { id certificateCount fileName } incomplete { number missing missingLabels }
    errors { code field message }
  }
}
"""


async def greta_id(sessions: async_sessionmaker[AsyncSession]) -> Any:
    with cross_tenant("tests"):
        async with sessions() as session:
            return await session.scalar(
                select(Organisation.id).where(Organisation.slug == "greta-demo-paris")
            )


async def test_an_org_admin_subscribes_sees_the_log_and_replays_a_delivery(
    logged_in: LoggedIn,
    receiver: Receiver,
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    registry: CertificationRegistry,
) -> None:
    admin = await logged_in("admin@greta-demo.fr")
    # a URL to the internal network is refused next to its field, nothing is created
    refused = await post(admin, CREATE, url="https://10.1.2.3/hooks", events=["evaluation.closed"])
    payload = refused["data"]["createWebhookSubscription"]
    assert payload["subscription"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [
        ("FORBIDDEN_DESTINATION", "url")
    ]
    unknown = await post(admin, CREATE, url=receiver.url, events=["dossier.deleted"])
    assert unknown["data"]["createWebhookSubscription"]["errors"][0]["field"] == "events"
    # a subscription to the organisation's receiver: the secret is shown once
    created = (await post(admin, CREATE, url=receiver.url, events=["certificate.issued"]))["data"][
        "createWebhookSubscription"
    ]
    assert created["errors"] == []
    secret = created["secret"]
    assert secret.startswith("whsec_")
    subscription_id = created["subscription"]["id"]
    listed = (await post(admin, LIST))["data"]
    assert subscription_id in [s["id"] for s in listed["webhookSubscriptions"]]
    assert "certificate.revoked" in [t["code"] for t in listed["webhookEventTypes"]]
    # a certificate issued for the Greta reaches the receiver and shows in the log
    await certificate_issued(sessions, registry, await greta_id(sessions), "CLEA-2026-000777")
    await deliver_pending(sessions, settings)
    log = (await post(admin, DELIVERIES, id=subscription_id))["data"]["webhookDeliveries"]
    [entry] = [edge["node"] for edge in log["edges"]]
    assert (entry["status"], entry["attempts"], entry["lastStatusCode"]) == ("DELIVERED", 1, 200)
    # replayed from the log: delivered again, signed with the same secret
    replayed = (await post(admin, REPLAY, id=entry["id"]))["data"]["replayWebhookDelivery"]
    assert replayed["errors"] == []
    await deliver_pending(sessions, settings)
    mine = [r for r in receiver.received if r.body == entry["body"]]
    assert len(mine) == 2
    assert signing.verify(secret, mine[1].headers, mine[1].body, now=int(time.time()))
    # deleting it removes it and its log
    deleted = await post(admin, DELETE, id=subscription_id)
    assert deleted["data"]["deleteWebhookSubscription"] == {"deleted": True, "errors": []}
    gone = (await post(admin, DELIVERIES, id=subscription_id))["data"]["webhookDeliveries"]
    assert gone["__typename"] == "NotFound"


async def test_certifpro_produces_a_batch_and_a_backwards_period_is_refused(
    logged_in: LoggedIn,
) -> None:
    certifpro = await logged_in("admin@certifpro.demo")
    backwards = await post(certifpro, BATCH, start="2026-03-31", end="2026-03-01")
    payload = backwards["data"]["createDeclarationBatch"]
    assert payload["batch"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID_PERIOD", "periodEnd")]
    produced = (await post(certifpro, BATCH, start="2026-01-01", end="2026-12-31"))["data"][
        "createDeclarationBatch"
    ]
    assert produced["errors"] == []
    if produced["batch"] is not None:
        assert produced["batch"]["fileName"] == "accrochage-20260101-20261231.xml"

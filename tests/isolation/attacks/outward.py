"""Attacks on webhooks, declarations, certificates, the candidate space, statistics and
imports."""

from __future__ import annotations

import datetime as dt

from tests.isolation.attacks.kit import (
    GUESSED_ID,
    MALFORMED_ID,
    Attack,
    denied,
    done,
    no_variables,
    not_found,
    other,
    own,
    refused,
)
from tests.isolation.attacks.operations import (
    CREATE_DECLARATION_BATCH,
    DECLARATION_BATCHES,
    DELETE_WEBHOOK,
    PENDING_DECLARATIONS,
    REPLAY_WEBHOOK,
    UPDATE_WEBHOOK,
    WEBHOOK_DELIVERIES,
    WEBHOOK_SUBSCRIPTION,
    WEBHOOK_SUBSCRIPTIONS,
)

ATTACKS: list[Attack] = [
    # ------------------------------------------------------------------ webhooks
    Attack(
        "Query.webhookSubscriptions",
        "list",
        WEBHOOK_SUBSCRIPTIONS,
        no_variables,
        own(lambda b: other(b, "webhook_subscription")),
    ),
    Attack(
        "Query.webhookSubscription",
        "A's id",
        WEBHOOK_SUBSCRIPTION,
        lambda a, b: {"id": other(a, "webhook_subscription")},
        not_found(),
    ),
    Attack(
        "Query.webhookSubscription",
        "malformed id",
        WEBHOOK_SUBSCRIPTION,
        lambda a, b: {"id": MALFORMED_ID},
        not_found(),
    ),
    Attack(
        "Query.webhookDeliveries",
        "A's subscription",
        WEBHOOK_DELIVERIES,
        lambda a, b: {"id": other(a, "webhook_subscription")},
        not_found(),
    ),
    Attack(
        "Query.webhookDeliveries",
        "own subscription, deliveries stay B's",
        WEBHOOK_DELIVERIES,
        lambda a, b: {"id": other(b, "webhook_subscription")},
        own(lambda b: other(b, "webhook_delivery")),
    ),
    Attack(
        "Mutation.updateWebhookSubscription",
        "A's subscription",
        UPDATE_WEBHOOK,
        lambda a, b: {"id": other(a, "webhook_subscription")},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.deleteWebhookSubscription",
        "A's subscription",
        DELETE_WEBHOOK,
        lambda a, b: {"id": other(a, "webhook_subscription")},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.replayWebhookDelivery",
        "A's delivery",
        REPLAY_WEBHOOK,
        lambda a, b: {"id": other(a, "webhook_delivery")},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Query.outboxChannels",
        "every organisation's queues",
        "{ outboxChannels { channel pending dead } }",
        no_variables,
        denied("FORBIDDEN"),
    ),
    Attack(
        "Query.undeliverableWebhookDeliveries",
        "every organisation's deliveries set aside",
        "{ undeliverableWebhookDeliveries(first: 10) { edges { node { id } } } }",
        no_variables,
        denied("FORBIDDEN"),
    ),
    Attack(
        "Mutation.retryWebhookDelivery",
        "A's delivery",
        "mutation ($id: ID!) { retryWebhookDelivery(input: {id: $id}) { queued errors { code } } }",
        lambda a, b: {"id": other(a, "webhook_delivery")},
        denied("FORBIDDEN"),
    ),
    # ------------------------------------------------------------------ declarations
    Attack(
        "Query.pendingDeclarations",
        "every organisation's certificates",
        PENDING_DECLARATIONS,
        no_variables,
        denied("FORBIDDEN"),
    ),
    Attack(
        "Query.declarationBatches",
        "every organisation's declarations",
        DECLARATION_BATCHES,
        no_variables,
        denied("FORBIDDEN"),
    ),
    Attack(
        "Mutation.createDeclarationBatch",
        "declare every organisation's certificates",
        CREATE_DECLARATION_BATCH,
        no_variables,
        denied("FORBIDDEN"),
    ),
    # ------------------------------------------------------------------ certificates
    Attack(
        "Query.certificates",
        "own certificates only",
        "{ certificates(first: 100) { totalCount edges { node { id number holderName } } } }",
        no_variables,
        own(lambda b: other(b, "certificate")),
    ),
    Attack(
        "Query.certificates",
        "A's dossier as a filter",
        "query ($id: ID!) { certificates(filter: {dossierId: $id}) "
        "{ totalCount edges { node { id } } } }",
        lambda a, b: {"id": other(a, "dossier")},
        done(),
    ),
    Attack(
        "Query.certificateSearch",
        "every organisation's certificates",
        "{ certificateSearch { edges { node { id holderName organisationName } } } }",
        no_variables,
        denied("FORBIDDEN"),
    ),
    Attack(
        "Query.paperQueue",
        "every organisation's paper copies",
        "{ paperQueue { id paperAddress } }",
        no_variables,
        denied("FORBIDDEN"),
    ),
    Attack(
        "Mutation.revokeCertificate",
        "A's certificate, as a tenant",
        'mutation ($id: ID!) { revokeCertificate(input: {id: $id, reason: "Sabotage"}) '
        "{ certificate { id } errors { code message } } }",
        lambda a, b: {"id": other(a, "certificate")},
        denied("FORBIDDEN"),
    ),
    Attack(
        "Query.undeliverableEmails",
        "every tenant's messages set aside, as a tenant",
        "{ undeliverableEmails { totalCount edges { node { id recipient subject } } } }",
        no_variables,
        denied("FORBIDDEN"),
    ),
    Attack(
        "Mutation.retryEmail",
        "a message set aside, guessed, as a tenant",
        "mutation ($id: ID!) { retryEmail(input: {id: $id}) { queued errors { code } } }",
        lambda a, b: {"id": GUESSED_ID},
        denied("FORBIDDEN"),
    ),
    Attack(
        "Mutation.requestPaperCopy",
        "for A's certificate",
        "mutation ($id: ID!) { requestPaperCopy(input: {id: $id}) "
        "{ certificate { id paperAddress } errors { code message } } }",
        lambda a, b: {"id": other(a, "certificate")},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.requestPaperCopy",
        "malformed id",
        "mutation ($id: ID!) { requestPaperCopy(input: {id: $id}) "
        "{ certificate { id } errors { code message } } }",
        lambda a, b: {"id": MALFORMED_ID},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.markPaperSent",
        "A's certificate, as a tenant",
        "mutation ($id: ID!) { markPaperSent(input: {ids: [$id]}) "
        "{ certificates { id } errors { code message } } }",
        lambda a, b: {"id": other(a, "certificate")},
        denied("FORBIDDEN"),
    ),
    # ------------------------------------------------------------------ candidate space
    Attack(
        "Query.candidateSpaceStatus",
        "A's candidate",
        "query ($id: ID!) { candidateSpaceStatus(candidateId: $id) { __typename "
        "... on CandidateSpaceStatus { email invitedAt activatedAt } } }",
        lambda a, b: {"id": other(a, "candidate")},
        not_found(),
    ),
    Attack(
        "Mutation.inviteCandidateToSpace",
        "A's candidate",
        "mutation ($id: ID!) { inviteCandidateToSpace(input: {candidateId: $id}) "
        "{ status { email invitedAt } errors { code message } } }",
        lambda a, b: {"id": other(a, "candidate")},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.inviteCandidateToSpace",
        "malformed id",
        "mutation ($id: ID!) { inviteCandidateToSpace(input: {candidateId: $id}) "
        "{ status { email } errors { code message } } }",
        lambda a, b: {"id": MALFORMED_ID},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Query.correctionRequests",
        "B's own list",
        "query { correctionRequests { id candidateName message } }",
        lambda a, b: {},
        done(),
    ),
    Attack(
        "Mutation.resolveCorrectionRequest",
        "guessed id",
        "mutation ($id: ID!) { resolveCorrectionRequest(input: {id: $id}) "
        "{ ok errors { code message } } }",
        lambda a, b: {"id": GUESSED_ID},
        refused("NOT_FOUND"),
    ),
    # ------------------------------------------------------------------ statistics
    Attack(
        "Query.statistics",
        "own figures only (B's organisation the one row of the breakdown)",
        "query ($f: StatisticsFilterInput!) { statistics(filter: $f) { ... on Statistics "
        "{ total { opened } breakdowns { rows { key label opened } } } } }",
        lambda a, b: {
            "f": {
                "openedFrom": str(dt.date.today() - dt.timedelta(days=30)),
                "openedTo": str(dt.date.today() + dt.timedelta(days=1)),
                "breakdowns": ["ORGANISATION"],
            }
        },
        own(lambda b: b.name),
    ),
    Attack(
        "Query.statistics",
        "activity: own events, accreditation applications and sites only",
        "query ($f: StatisticsFilterInput!) { statistics(filter: $f) { ... on Statistics "
        "{ activity { organisationName month certificationCode feesCents "
        "applicationsSubmitted applicationsAccepted applicationsRefused activeSites } } } }",
        lambda a, b: {
            "f": {
                "openedFrom": str(dt.date.today() - dt.timedelta(days=30)),
                "openedTo": str(dt.date.today() + dt.timedelta(days=1)),
                "withActivity": True,
            }
        },
        own(lambda b: b.name),
    ),
    Attack(
        "Query.statistics",
        "A's organisation as a filter",
        "query ($f: StatisticsFilterInput!) { statistics(filter: $f) "
        "{ ... on StatisticsRefusal { errors { code message } } } }",
        lambda a, b: {
            "f": {
                "openedFrom": "2020-01-01",
                "openedTo": "2026-12-31",
                "organisationId": str(a.organisation_id),
            }
        },
        refused("OTHER_ORGANISATION"),
    ),
    Attack(
        "Query.statistics",
        "the whole network, B heading none (A's figures are not B's network's)",
        "query ($f: StatisticsFilterInput!) { statistics(filter: $f) "
        "{ ... on StatisticsRefusal { errors { code message } } } }",
        lambda a, b: {
            "f": {"openedFrom": "2020-01-01", "openedTo": "2026-12-31", "wholeNetwork": True}
        },
        refused("NOT_NETWORK_HEAD"),
    ),
    Attack(
        "Query.annualReport",
        "a guessed report job (A's are tested in tests/statistics/test_annual_report_job.py)",
        "query ($id: ID!) { annualReport(id: $id) { __typename } }",
        lambda a, b: {"id": GUESSED_ID},
        not_found(),
    ),
    Attack(
        "Query.annualReport",
        "a malformed identifier",
        "query ($id: ID!) { annualReport(id: $id) { __typename } }",
        lambda a, b: {"id": MALFORMED_ID},
        not_found(),
    ),
    # ------------------------------------------------------------------ imports (exchange)
    Attack(
        "Query.imports",
        "own imports only",
        "{ imports { id filename status } }",
        no_variables,
        own(lambda b: other(b, "import_batch")),
    ),
    Attack(
        "Query.importBatch",
        "A's import and its report",
        "query ($id: ID!) { importBatch(id: $id) { __typename ... on ImportBatch { id filename "
        "problems { row column reason } } ... on NotFound { message } } }",
        lambda a, b: {"id": other(a, "import_batch")},
        not_found(),
    ),
    Attack(
        "Mutation.confirmImport",
        "A's import",
        "mutation ($id: ID!) { confirmImport(input: {id: $id}) "
        "{ importBatch { id status } errors { code message } } }",
        lambda a, b: {"id": other(a, "import_batch")},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.discardImport",
        "A's import",
        "mutation ($id: ID!) { discardImport(input: {id: $id}) "
        "{ discardedId errors { code message } } }",
        lambda a, b: {"id": other(a, "import_batch")},
        refused("NOT_FOUND"),
    ),
]

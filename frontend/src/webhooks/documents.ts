import { graphql } from "../gql";

// Webhook subscriptions and their delivery log (`/organisation/webhooks`, org admin) and
// declarations to the national training-account system (`/plateforme/declarations`).

export const WebhookSubscriptionsQuery = graphql(`
  query WebhookSubscriptions {
    webhookSubscriptions {
      id
      url
      description
      events
      active
      consecutiveFailures
      disabledAt
      disabledReason
      createdAt
    }
    webhookEventTypes {
      code
      label
    }
  }
`);

export const WebhookDeliveriesQuery = graphql(`
  query WebhookDeliveries($subscriptionId: ID!, $first: Int, $after: String) {
    webhookDeliveries(subscriptionId: $subscriptionId, first: $first, after: $after) {
      __typename
      ... on WebhookDeliveryConnection {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            id
            eventType
            status
            attempts
            lastStatusCode
            lastError
            createdAt
            deliveredAt
            replayOfId
          }
        }
      }
      ... on NotFound {
        message
      }
    }
  }
`);

export const CreateWebhookSubscriptionMutation = graphql(`
  mutation CreateWebhookSubscription($url: String!, $description: String!, $events: [String!]!) {
    createWebhookSubscription(input: { url: $url, description: $description, events: $events }) {
      subscription {
        id
        url
      }
      secret
      errors {
        code
        field
        message
      }
    }
  }
`);

export const UpdateWebhookSubscriptionMutation = graphql(`
  mutation UpdateWebhookSubscription(
    $id: ID!
    $url: String!
    $description: String!
    $events: [String!]!
    $active: Boolean!
  ) {
    updateWebhookSubscription(
      input: { id: $id, url: $url, description: $description, events: $events, active: $active }
    ) {
      subscription {
        id
        active
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const DeleteWebhookSubscriptionMutation = graphql(`
  mutation DeleteWebhookSubscription($id: ID!) {
    deleteWebhookSubscription(input: { id: $id }) {
      deleted
      errors {
        code
        field
        message
      }
    }
  }
`);

export const ReplayWebhookDeliveryMutation = graphql(`
  mutation ReplayWebhookDelivery($id: ID!) {
    replayWebhookDelivery(input: { id: $id }) {
      delivery {
        id
        status
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const DeclarationsQuery = graphql(`
  query Declarations {
    pendingDeclarations {
      certificateId
      number
      organisationName
      issuedOn
      deadline
      approaching
      overdue
    }
    declarationBatches {
      id
      periodStart
      periodEnd
      createdAt
      certificateCount
      fileName
      document
    }
  }
`);

export const CreateDeclarationBatchMutation = graphql(`
  mutation CreateDeclarationBatch($periodStart: Date!, $periodEnd: Date!) {
    createDeclarationBatch(input: { periodStart: $periodStart, periodEnd: $periodEnd }) {
      batch {
        id
        certificateCount
        fileName
      }
      incomplete {
        certificateId
        number
        organisationName
        missingLabels
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const OutboxQuery = graphql(`
  query Outbox {
    outboxChannels {
      channel
      pending
      dead
    }
    undeliverableEmails(first: 50) {
      totalCount
      edges {
        node {
          id
          recipient
          subject
          attempts
          lastError
          deadAt
        }
      }
    }
    undeliverableWebhookDeliveries(first: 50) {
      totalCount
      edges {
        node {
          id
          organisationId
          eventType
          attempts
          lastStatusCode
          lastError
          deadAt
        }
      }
    }
  }
`);

export const RetryEmailMutation = graphql(`
  mutation RetryEmail($id: ID!) {
    retryEmail(input: { id: $id }) {
      queued
      errors {
        code
        field
        message
      }
    }
  }
`);

export const RetryWebhookDeliveryMutation = graphql(`
  mutation RetryWebhookDelivery($id: ID!) {
    retryWebhookDelivery(input: { id: $id }) {
      queued
      errors {
        code
        field
        message
      }
    }
  }
`);

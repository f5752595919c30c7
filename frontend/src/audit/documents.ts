import { graphql } from "../gql";

// Document of the audit log pages (`/organisation/journal`, `/plateforme/journal`).

export const AuditEventsQuery = graphql(`
  query AuditEvents(
    $first: Int
    $after: String
    $operation: String
    $actorEmail: String
    $occurredFrom: DateTime
    $occurredTo: DateTime
    $organisationId: ID
  ) {
    auditEvents(
      first: $first
      after: $after
      filter: {
        operation: $operation
        actorEmail: $actorEmail
        occurredFrom: $occurredFrom
        occurredTo: $occurredTo
        organisationId: $organisationId
      }
    ) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          occurredAt
          actorLabel
          organisationName
          operation
          outcome
          objectIds
          requestId
          ipAddress
        }
      }
    }
  }
`);

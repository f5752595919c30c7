import { graphql } from "../gql";

// The candidate list (`/candidats`) and the opening wizard's look-up before registering.

export const CandidatesQuery = graphql(`
  query Candidates(
    $first: Int
    $after: String
    $search: String
    $birthDate: Date
    $email: String
    $order: CandidateOrder! = NAME_ASC
  ) {
    candidates(
      first: $first
      after: $after
      order: $order
      filter: { search: $search, birthDate: $birthDate, email: $email }
    ) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          candidate {
            ...CandidateNameFields
            birthDate
            email
          }
          dossiers {
            id
            certificationCode
            status
            openedAt
          }
        }
      }
    }
  }
`);

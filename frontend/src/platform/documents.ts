import { graphql } from "../gql";

// Documents of the Certif'Pro admin pages (`/plateforme/*`).

export const OrganisationRowFragment = graphql(`
  fragment OrganisationRow on Organisation {
    id
    name
    slug
    kind
    status
    siren
    legalForm
    network
    headsNetwork
    suspensionReason
    createdAt
  }
`);

export const OrganisationsQuery = graphql(`
  query Organisations($first: Int, $after: String, $search: String, $status: OrganisationStatus) {
    organisations(first: $first, after: $after, search: $search, status: $status) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...OrganisationRow
        }
      }
    }
  }
`);

/** Options of the organisation filter of `/plateforme/journal`. */
export const OrganisationChoicesQuery = graphql(`
  query OrganisationChoices {
    organisations(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

export const CreateOrganisationMutation = graphql(`
  mutation CreateOrganisation(
    $name: String!
    $siren: String!
    $legalForm: String! = ""
    $network: NationalNetwork
    $adminEmail: String
  ) {
    createOrganisation(
      input: {
        name: $name
        siren: $siren
        legalForm: $legalForm
        network: $network
        adminEmail: $adminEmail
      }
    ) {
      organisation {
        ...OrganisationRow
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const SuspendOrganisationMutation = graphql(`
  mutation SuspendOrganisation($id: ID!, $reason: String!) {
    suspendOrganisation(input: { id: $id, reason: $reason }) {
      organisation {
        id
        status
        suspensionReason
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

/** « Tête de réseau »: the national network the organisation heads, or none. */
export const SetOrganisationNetworkHeadMutation = graphql(`
  mutation SetOrganisationNetworkHead($organisationId: ID!, $network: NationalNetwork) {
    setOrganisationNetworkHead(input: { organisationId: $organisationId, network: $network }) {
      organisation {
        id
        headsNetwork
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const ReactivateOrganisationMutation = graphql(`
  mutation ReactivateOrganisation($id: ID!) {
    reactivateOrganisation(input: { id: $id }) {
      organisation {
        id
        status
        suspensionReason
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

// Quality indicators of an organisation, per site, beside the national median (#19).
export const OrganisationQualityQuery = graphql(`
  query OrganisationQuality($organisationId: ID!, $openedFrom: Date!, $openedTo: Date!) {
    organisationQuality(organisationId: $organisationId, openedFrom: $openedFrom, openedTo: $openedTo) {
      __typename
      ... on OrganisationQuality {
        sites {
          id
          name
          siret
        }
        indicators {
          key
          label
          organisation
          sites
          nationalMedian
        }
        organisationsCompared
      }
      ... on StatisticsRefusal {
        errors {
          code
          field
          message
        }
      }
      ... on NotFound {
        message
      }
    }
  }
`);

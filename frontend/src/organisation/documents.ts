import { graphql } from "../gql";

// Documents of the `/organisation/*` pages (active organisation, ORG_ADMIN).
// Mutations spell their input inline so that they do not depend on the
// generated input type names.


// ---- Membres ---------------------------------------------------------------

export const MembersQuery = graphql(`
  query Members($first: Int, $after: String) {
    members(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          roles
          createdAt
          user {
            id
            email
            fullName
          }
        }
      }
    }
  }
`);

export const InvitationsQuery = graphql(`
  query Invitations($first: Int, $after: String) {
    invitations(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          email
          roles
          status
          expiresAt
          createdAt
          invitedBy {
            id
            fullName
          }
        }
      }
    }
  }
`);

export const InviteMemberMutation = graphql(`
  mutation InviteMember($email: String!, $roles: [Role!]!) {
    inviteMember(input: { email: $email, roles: $roles }) {
      invitation {
        id
        email
        roles
        status
        expiresAt
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const RevokeInvitationMutation = graphql(`
  mutation RevokeInvitation($id: ID!) {
    revokeInvitation(input: { id: $id }) {
      invitation {
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

export const UpdateMemberRolesMutation = graphql(`
  mutation UpdateMemberRoles($membershipId: ID!, $roles: [Role!]!) {
    updateMemberRoles(input: { membershipId: $membershipId, roles: $roles }) {
      membership {
        id
        roles
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const RemoveMemberMutation = graphql(`
  mutation RemoveMember($membershipId: ID!) {
    removeMember(input: { membershipId: $membershipId }) {
      ok
      errors {
        code
        field
        message
      }
    }
  }
`);

// ---- Sites -----------------------------------------------------------------

export const SiteFieldsFragment = graphql(`
  fragment SiteFields on Site {
    id
    name
    siret
    addressLine
    postalCode
    city
    departement
    region
  }
`);

export const SitesQuery = graphql(`
  query Sites {
    sites {
      ...SiteFields
    }
  }
`);

export const CreateSiteMutation = graphql(`
  mutation CreateSite(
    $name: String!
    $siret: String!
    $addressLine: String!
    $postalCode: String!
    $city: String!
    $region: String!
  ) {
    createSite(
      input: {
        name: $name
        siret: $siret
        addressLine: $addressLine
        postalCode: $postalCode
        city: $city
        region: $region
      }
    ) {
      site {
        ...SiteFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const UpdateSiteMutation = graphql(`
  mutation UpdateSite(
    $id: ID!
    $name: String!
    $siret: String!
    $addressLine: String!
    $postalCode: String!
    $city: String!
    $region: String!
  ) {
    updateSite(
      input: {
        id: $id
        name: $name
        siret: $siret
        addressLine: $addressLine
        postalCode: $postalCode
        city: $city
        region: $region
      }
    ) {
      site {
        ...SiteFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

// ---- Clés d'API ------------------------------------------------------------

export const ApiKeysQuery = graphql(`
  query ApiKeys($first: Int, $after: String) {
    apiKeys(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          name
          role
          prefix
          createdAt
          lastUsedAt
          revokedAt
          createdBy {
            id
            fullName
          }
        }
      }
    }
  }
`);

export const CreateApiKeyMutation = graphql(`
  mutation CreateApiKey($name: String!, $role: Role!) {
    createApiKey(input: { name: $name, role: $role }) {
      apiKey {
        id
        name
        role
        prefix
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

export const RevokeApiKeyMutation = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(input: { id: $id }) {
      apiKey {
        id
        revokedAt
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

// ---- Connexion OIDC --------------------------------------------------------

export const OidcConfigurationQuery = graphql(`
  query OidcConfiguration {
    oidcConfiguration {
      issuer
      clientId
      enabled
      hasClientSecret
    }
  }
`);

export const ConfigureOidcMutation = graphql(`
  mutation ConfigureOidc(
    $issuer: String!
    $clientId: String!
    $clientSecret: String
    $enabled: Boolean!
  ) {
    configureOidc(
      input: { issuer: $issuer, clientId: $clientId, clientSecret: $clientSecret, enabled: $enabled }
    ) {
      oidcConfiguration {
        issuer
        clientId
        enabled
        hasClientSecret
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

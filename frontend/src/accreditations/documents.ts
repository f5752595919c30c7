import { graphql } from "../gql";

// Documents of accreditation: public directory and access request, the organisation's
// applications and accreditations (Certif'Pro's campaigns, reviews and registry are in
// reviewDocuments.ts). Mutations spell their input inline.

export const CertificationTitlesQuery = graphql(`
  query CertificationTitles {
    certifications {
      code
      title
      accreditationFees {
        applicationFeeCents
        siteFeeCents
      }
    }
  }
`);

export const EvaluatorDirectoryQuery = graphql(`
  query EvaluatorDirectory(
    $first: Int
    $after: String
    $certificationCode: String
    $region: String
    $departement: String
    $postalCode: String
    $scope: AccreditationScope
  ) {
    evaluatorDirectory(
      first: $first
      after: $after
      certificationCode: $certificationCode
      region: $region
      departement: $departement
      postalCode: $postalCode
      scope: $scope
    ) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          siteId
          organisationName
          network
          siteName
          addressLine
          postalCode
          city
          departement
          region
          contactEmail
          contactPhone
          certificationCodes
          validUntil
          scope
        }
      }
    }
  }
`);

export const RequestAccreditationMutation = graphql(`
  mutation RequestAccreditation(
    $organisationName: String!
    $siren: String!
    $legalForm: String!
    $network: NationalNetwork
    $adminFullName: String!
    $adminEmail: String!
  ) {
    requestAccreditation(
      input: {
        organisationName: $organisationName
        siren: $siren
        legalForm: $legalForm
        network: $network
        adminFullName: $adminFullName
        adminEmail: $adminEmail
      }
    ) {
      organisationName
      errors {
        code
        field
        message
      }
    }
  }
`);

export const CampaignFieldsFragment = graphql(`
  fragment CampaignFields on Campaign {
    id
    title
    certificationCodes
    opensOn
    closesOn
    isOpen
    requiredDocuments {
      key
      label
      description
      mandatory
      scope
    }
    acceptedScopes
    applicationFeeCents
    siteFeeCents
    accreditationStartsOn
    accreditationEndsOn
    openDossiersMayFinish
    replyDays
    certificationFees {
      certificationCode
      applicationFeeCents
      siteFeeCents
      overridden
    }
    revision
    reviewerIds
    reviewers {
      id
      fullName
      email
    }
  }
`);

export const ApplicationFieldsFragment = graphql(`
  fragment ApplicationFields on Application {
    id
    status
    revision
    organisationName
    organisationSiren
    network
    sites {
      siret
      name
      addressLine
      postalCode
      city
      region
      contactEmail
      contactPhone
      evaluators {
        fullName
        email
        qualifications
      }
      scope
      trainers {
        fullName
        email
        qualifications
      }
    }
    declarations {
      key
      text
      checked
    }
    submittedAt
    decidedAt
    message
    updatedAt
    campaign {
      ...CampaignFields
    }
    documents {
      requirementKey
      filename
      size
      uploadedAt
      downloadUrl
    }
    timeline {
      occurredAt
      actorLabel
      fromStatus
      toStatus
      message
    }
    missing {
      code
      field
      message
    }
  }
`);

export const AccreditationFieldsFragment = graphql(`
  fragment AccreditationFields on Accreditation {
    id
    certificationCode
    organisationName
    siteName
    siret
    postalCode
    city
    validFrom
    validUntil
    status
    statusLabel
    isValid
    statusReason
    scope
    evaluators {
      fullName
      email
      qualifications
    }
  }
`);

/** The organisation admin's "Habilitations" page. */
export const MyAccreditationsQuery = graphql(`
  query MyAccreditations {
    accreditations {
      ...AccreditationFields
    }
    myApplications {
      id
      status
      updatedAt
      submittedAt
      campaign {
        id
        title
      }
    }
    campaigns(openOnly: true) {
      ...CampaignFields
    }
  }
`);

export const ApplicationQuery = graphql(`
  query Application($id: ID!) {
    application(id: $id) {
      __typename
      ... on Application {
        ...ApplicationFields
      }
      ... on NotFound {
        message
      }
    }
  }
`);

export const StartApplicationMutation = graphql(`
  mutation StartApplication($campaignId: ID!) {
    startApplication(input: { campaignId: $campaignId }) {
      application {
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

export const SaveApplicationMutation = graphql(`
  mutation SaveApplication(
    $applicationId: ID!
    $revision: Int!
    $network: NationalNetwork
    $sites: [ApplicationSiteInput!]!
    $declarations: [String!]!
    $idempotencyKey: String
  ) {
    saveApplication(
      input: {
        applicationId: $applicationId
        revision: $revision
        network: $network
        sites: $sites
        declarations: $declarations
        idempotencyKey: $idempotencyKey
      }
    ) {
      application {
        id
        revision
        status
        missing {
          code
          field
          message
        }
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const SubmitApplicationMutation = graphql(`
  mutation SubmitApplication($applicationId: ID!, $revision: Int!) {
    submitApplication(input: { applicationId: $applicationId, revision: $revision }) {
      application {
        id
        status
        revision
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

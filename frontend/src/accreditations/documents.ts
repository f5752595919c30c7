import { graphql } from "../gql";

// Documents of accreditation: public directory and access request, the
// organisation's applications and accreditations, Certif'Pro's campaigns,
// reviews and registry. Mutations spell their input inline.

export const CertificationTitlesQuery = graphql(`
  query CertificationTitles {
    certifications {
      code
      title
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

// ---- Certif'Pro ----

export const CampaignsQuery = graphql(`
  query Campaigns {
    campaigns {
      ...CampaignFields
    }
  }
`);

export const PlatformAdministratorsQuery = graphql(`
  query PlatformAdministrators {
    platformAdministrators {
      id
      fullName
      email
    }
  }
`);

export const CampaignQuery = graphql(`
  query Campaign($id: ID!) {
    campaign(id: $id) {
      __typename
      ... on Campaign {
        ...CampaignFields
      }
      ... on NotFound {
        message
      }
    }
  }
`);

export const CreateCampaignMutation = graphql(`
  mutation CreateCampaign(
    $title: String!
    $certificationCodes: [String!]!
    $opensOn: Date!
    $closesOn: Date!
    $accreditationStartsOn: Date!
    $accreditationEndsOn: Date!
    $requiredDocuments: [RequiredDocumentInput!]!
    $applicationFeeCents: Int!
    $siteFeeCents: Int!
    $openDossiersMayFinish: Boolean!
    $reviewerIds: [ID!]!
    $acceptedScopes: [AccreditationScope!]
  ) {
    createCampaign(
      input: {
        title: $title
        certificationCodes: $certificationCodes
        opensOn: $opensOn
        closesOn: $closesOn
        accreditationStartsOn: $accreditationStartsOn
        accreditationEndsOn: $accreditationEndsOn
        requiredDocuments: $requiredDocuments
        applicationFeeCents: $applicationFeeCents
        siteFeeCents: $siteFeeCents
        openDossiersMayFinish: $openDossiersMayFinish
        reviewerIds: $reviewerIds
        acceptedScopes: $acceptedScopes
      }
    ) {
      campaign {
        ...CampaignFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const UpdateCampaignMutation = graphql(`
  mutation UpdateCampaign(
    $id: ID!
    $revision: Int!
    $title: String!
    $certificationCodes: [String!]!
    $opensOn: Date!
    $closesOn: Date!
    $accreditationStartsOn: Date!
    $accreditationEndsOn: Date!
    $requiredDocuments: [RequiredDocumentInput!]!
    $applicationFeeCents: Int!
    $siteFeeCents: Int!
    $openDossiersMayFinish: Boolean!
    $reviewerIds: [ID!]!
    $acceptedScopes: [AccreditationScope!]
  ) {
    updateCampaign(
      input: {
        id: $id
        revision: $revision
        title: $title
        certificationCodes: $certificationCodes
        opensOn: $opensOn
        closesOn: $closesOn
        accreditationStartsOn: $accreditationStartsOn
        accreditationEndsOn: $accreditationEndsOn
        requiredDocuments: $requiredDocuments
        applicationFeeCents: $applicationFeeCents
        siteFeeCents: $siteFeeCents
        openDossiersMayFinish: $openDossiersMayFinish
        reviewerIds: $reviewerIds
        acceptedScopes: $acceptedScopes
      }
    ) {
      campaign {
        ...CampaignFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const ApplicationsToReviewQuery = graphql(`
  query ApplicationsToReview($campaignId: ID, $status: ApplicationStatus) {
    applications(campaignId: $campaignId, status: $status) {
      id
      status
      organisationName
      organisationSiren
      submittedAt
      updatedAt
      sites {
        siret
      }
      campaign {
        id
        title
      }
    }
    campaigns {
      id
      title
    }
  }
`);

export const StartApplicationReviewMutation = graphql(`
  mutation StartApplicationReview($applicationId: ID!) {
    startApplicationReview(input: { applicationId: $applicationId }) {
      application {
        ...ApplicationFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const RequestApplicationComplementMutation = graphql(`
  mutation RequestApplicationComplement($applicationId: ID!, $message: String!) {
    requestApplicationComplement(input: { applicationId: $applicationId, message: $message }) {
      application {
        ...ApplicationFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const AcceptApplicationMutation = graphql(`
  mutation AcceptApplication(
    $applicationId: ID!
    $sites: [String!]
    $evaluators: [KeptEvaluatorsInput!]
    $message: String!
  ) {
    acceptApplication(
      input: { applicationId: $applicationId, sites: $sites, evaluators: $evaluators, message: $message }
    ) {
      application {
        ...ApplicationFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const RejectApplicationMutation = graphql(`
  mutation RejectApplication($applicationId: ID!, $message: String!) {
    rejectApplication(input: { applicationId: $applicationId, message: $message }) {
      application {
        ...ApplicationFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const AccreditationRegistryQuery = graphql(`
  query AccreditationRegistry($first: Int, $after: String, $certificationCode: String, $organisationId: ID) {
    accreditationRegistry(
      first: $first
      after: $after
      certificationCode: $certificationCode
      organisationId: $organisationId
    ) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...AccreditationFields
        }
      }
    }
  }
`);

export const AccreditationResultFragment = graphql(`
  fragment AccreditationResult on AccreditationChange {
    accreditation {
      ...AccreditationFields
    }
    errors {
      code
      field
      message
    }
  }
`);

export const SuspendAccreditationMutation = graphql(`
  mutation SuspendAccreditation($id: ID!, $reason: String!) {
    suspendAccreditation(input: { id: $id, reason: $reason }) {
      ...AccreditationResult
    }
  }
`);

export const WithdrawAccreditationMutation = graphql(`
  mutation WithdrawAccreditation($id: ID!, $reason: String!) {
    withdrawAccreditation(input: { id: $id, reason: $reason }) {
      ...AccreditationResult
    }
  }
`);

export const ReinstateAccreditationMutation = graphql(`
  mutation ReinstateAccreditation($id: ID!) {
    reinstateAccreditation(input: { id: $id }) {
      ...AccreditationResult
    }
  }
`);

export const AddAccreditedEvaluatorMutation = graphql(`
  mutation AddAccreditedEvaluator(
    $accreditationId: ID!
    $fullName: String!
    $email: String!
    $qualifications: String!
  ) {
    addAccreditedEvaluator(
      input: {
        accreditationId: $accreditationId
        fullName: $fullName
        email: $email
        qualifications: $qualifications
      }
    ) {
      ...AccreditationResult
    }
  }
`);

export const RemoveAccreditedEvaluatorMutation = graphql(`
  mutation RemoveAccreditedEvaluator($accreditationId: ID!, $email: String!) {
    removeAccreditedEvaluator(input: { accreditationId: $accreditationId, email: $email }) {
      ...AccreditationResult
    }
  }
`);

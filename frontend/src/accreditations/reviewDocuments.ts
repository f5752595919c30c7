import { graphql } from "../gql";

// Documents of Certif'Pro's accreditation screens: campaigns, the applications to review and
// their decision, the registry of accreditations and their evaluators.

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
    $feeOverrides: [CertificationFeeInput!]
    $replyDays: Int
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
        feeOverrides: $feeOverrides
        replyDays: $replyDays
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
    $feeOverrides: [CertificationFeeInput!]
    $replyDays: Int
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
        feeOverrides: $feeOverrides
        replyDays: $replyDays
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

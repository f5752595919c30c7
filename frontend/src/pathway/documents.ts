import { graphql } from "../gql";

// Documents of the candidate pathway screens: shared fields and choices, the dossier list
// and the dossier (the candidate forms, the grid and training plans have their own:
// candidateDocuments.ts, grid/documents.ts, training/documents.ts). Mutations spell their
// input inline so that they do not depend on the generated input type names. A query of one object answers
// `<Thing> | NotFound`: screens narrow on `__typename`.

// ---- Shared fields ----------------------------------------------------------

export const CandidateNameFieldsFragment = graphql(`
  fragment CandidateNameFields on Candidate {
    id
    civility
    birthName
    usageName
    firstNames
    anonymised
  }
`);

export const EvaluationProblemFieldsFragment = graphql(`
  fragment EvaluationProblemFields on EvaluationProblem {
    code
    field
    message
    items
  }
`);

export const EvaluationSummaryFieldsFragment = graphql(`
  fragment EvaluationSummaryFields on Evaluation {
    id
    kind
    status
    revision
    targetItems
    closedAt
    outcome
    professionalContext
    sessions {
      id
      day
      startsAt
      endsAt
      siteId
      evaluatorId
    }
  }
`);

/** Certifications (with their result scale) and sites: filter and form choices. */
export const PathwayChoicesQuery = graphql(`
  query PathwayChoices {
    certifications {
      code
      title
      limits {
        initialEvaluationMaxMinutes
        finalEvaluationMaxMinutes
        trainingWindowYears
      }
      scale {
        kind
        choices {
          value
          label
          acquired
        }
        minimum
        maximum
        acquiredFrom
        summary
      }
    }
    sites {
      id
      name
      city
    }
  }
`);

/** The current référentiel version of a certification (titles, tree). */
export const PathwayReferentielQuery = graphql(`
  query PathwayReferentiel($code: String!) {
    referentiel(code: $code) {
      __typename
      ... on ReferentielVersion {
        id
        certificationCode
        version
        scoring
        levels {
          depth
          name
          count
        }
        items {
          code
          title
          depth
          levelName
          position
          parentCode
          isLeaf
          provisional
        }
      }
      ... on ReferentielNotFound {
        code
        message
      }
    }
  }
`);

/** Evaluators and trainers of the organisation, by name (to choose one). */
export const OrganisationStaffQuery = graphql(`
  query OrganisationStaff($role: StaffRole) {
    organisationStaff(role: $role) {
      id
      displayName
      roles
    }
  }
`);

// ---- Dossier list -----------------------------------------------------------

export const DossiersQuery = graphql(`
  query Dossiers(
    $first: Int
    $after: String
    $status: [DossierStatus!]
    $certificationCode: String
    $siteId: ID
    $search: String
    $openedFrom: Date
    $openedTo: Date
    $adviserId: ID
    $evaluatorId: ID
    $trainerId: ID
    $order: DossierOrder! = NEWEST_FIRST
  ) {
    dossiers(
      first: $first
      after: $after
      order: $order
      filter: {
        adviserId: $adviserId
        evaluatorId: $evaluatorId
        trainerId: $trainerId
        status: $status
        certificationCode: $certificationCode
        siteId: $siteId
        search: $search
        openedFrom: $openedFrom
        openedTo: $openedTo
      }
    ) {
      totalCount
      countsByStatus {
        status
        count
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          certificationCode
          status
          statusLabel
          openedAt
          windowEndsOn
          siteId
          progress {
            evaluated
            total
          }
          candidate {
            ...CandidateNameFields
          }
        }
      }
    }
  }
`);

/** What waits on the current user (advisers' dossiers, evaluators' sittings). */
export const MyWorkQuery = graphql(`
  query MyWork {
    myWork {
      dossiersToHandle {
        id
        certificationCode
        status
        candidate {
          ...CandidateNameFields
        }
      }
      upcomingSittings {
        session {
          id
          day
          startsAt
          endsAt
          siteId
        }
        dossier {
          id
          certificationCode
          status
          candidate {
            ...CandidateNameFields
          }
          evaluations {
            id
            status
          }
        }
      }
    }
  }
`);

// ---- Dossier ----------------------------------------------------------------

export const DossierQuery = graphql(`
  query Dossier($id: ID!) {
    dossier(id: $id) {
      __typename
      ... on Dossier {
        id
        certificationCode
        status
        statusLabel
        revision
        siteId
        prescriberType
        prescriberName
        financing
        openedAt
        windowEndsOn
        allowedStatuses
        informationInterview {
          heldOn
          adviserName
          outcome
          note
        }
        candidate {
          ...CandidateNameFields
          birthDate
        }
        timeline {
          occurredAt
          actorLabel
          kind
          fromStatus
          toStatus
          comment
        }
        evaluations {
          ...EvaluationSummaryFields
          partialAttestation {
            id
            reference
            issuedAt
            downloadUrl
          }
        }
        trainingPlan {
          id
          revision
        }
      }
      ... on NotFound {
        message
      }
    }
  }
`);

export const OpenDossierMutation = graphql(`
  mutation OpenDossier(
    $candidateId: ID
    $newCandidate: CreateCandidateInput
    $certificationCode: String!
    $siteId: ID!
    $prescriberType: PrescriberType!
    $prescriberName: String!
    $financing: Financing!
    $consent: Boolean!
    $consentToShare: Boolean!
    $interview: OpeningInterviewInput!
  ) {
    openDossier(
      input: {
        candidateId: $candidateId
        newCandidate: $newCandidate
        certificationCode: $certificationCode
        siteId: $siteId
        prescriberType: $prescriberType
        prescriberName: $prescriberName
        financing: $financing
        consent: $consent
        consentToShare: $consentToShare
        interview: $interview
      }
    ) {
      dossier {
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

export const RecordInformationInterviewMutation = graphql(`
  mutation RecordInformationInterview(
    $candidateId: ID
    $newCandidate: CreateCandidateInput
    $certificationCode: String!
    $heldOn: Date!
    $adviserId: ID!
    $outcome: InterviewOutcome!
    $note: String!
  ) {
    recordInformationInterview(
      input: {
        candidateId: $candidateId
        newCandidate: $newCandidate
        certificationCode: $certificationCode
        heldOn: $heldOn
        adviserId: $adviserId
        outcome: $outcome
        note: $note
      }
    ) {
      interview {
        id
        outcome
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const AbandonDossierMutation = graphql(`
  mutation AbandonDossier($id: ID!, $reason: String!, $revision: Int!) {
    abandonDossier(input: { id: $id, reason: $reason, revision: $revision }) {
      dossier {
        id
        status
        statusLabel
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

export const DossiersElsewhereQuery = graphql(`
  query DossiersElsewhere($candidateId: ID!) {
    dossiersElsewhere(candidateId: $candidateId) {
      certificationCode
      organisationName
      statusLabel
    }
  }
`);

export const TransferDossierMutation = graphql(`
  mutation TransferDossier($id: ID!, $targetSiret: String!, $reason: String!, $consent: Boolean!, $revision: Int!) {
    transferDossier(
      input: { dossierId: $id, targetSiret: $targetSiret, reason: $reason, consent: $consent, revision: $revision }
    ) {
      transfer {
        dossierId
        organisationName
        siteName
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const StartEvaluationMutation = graphql(`
  mutation StartEvaluation($dossierId: ID!, $kind: EvaluationKind!) {
    startEvaluation(input: { dossierId: $dossierId, kind: $kind }) {
      evaluation {
        id
        kind
        status
      }
      errors {
        ...EvaluationProblemFields
      }
    }
  }
`);

export const IssuePartialAttestationMutation = graphql(`
  mutation IssuePartialAttestation($evaluationId: ID!) {
    issuePartialAttestation(input: { evaluationId: $evaluationId }) {
      attestation {
        id
        reference
        issuedAt
        downloadUrl
      }
      errors {
        ...EvaluationProblemFields
      }
    }
  }
`);

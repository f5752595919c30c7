import { graphql } from "../gql";

// Documents of the candidate pathway screens (dossiers, evaluation grid,
// training plans). Mutations spell their input inline so that they do not
// depend on the generated input type names. A query of one object answers
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

export const CreateCandidateMutation = graphql(`
  mutation CreateCandidate(
    $civility: Civility!
    $birthName: String!
    $firstNames: String!
    $birthDate: Date!
    $birthCountry: String!
    $birthCity: String!
    $statusAtRegistration: RegistrationStatus!
    $educationLevel: EducationLevel!
    $usageName: String!
    $birthPostalCode: String!
    $bornAbroad: Boolean!
    $email: String!
    $phone: String!
    $addressLine: String!
    $postalCode: String!
    $city: String!
    $professionalProject: String!
    $professionalSector: String
    $confirmNotDuplicate: Boolean!
  ) {
    createCandidate(
      input: {
        civility: $civility
        birthName: $birthName
        firstNames: $firstNames
        birthDate: $birthDate
        birthCountry: $birthCountry
        birthCity: $birthCity
        statusAtRegistration: $statusAtRegistration
        educationLevel: $educationLevel
        usageName: $usageName
        birthPostalCode: $birthPostalCode
        bornAbroad: $bornAbroad
        email: $email
        phone: $phone
        addressLine: $addressLine
        postalCode: $postalCode
        city: $city
        professionalProject: $professionalProject
        professionalSector: $professionalSector
        confirmNotDuplicate: $confirmNotDuplicate
      }
    ) {
      candidate {
        ...CandidateNameFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

/** Everything the correction form shows (the read is audited: loaded when it opens). */
export const CandidateDetailsQuery = graphql(`
  query CandidateDetails($id: ID!) {
    candidate(id: $id) {
      __typename
      ... on Candidate {
        id
        revision
        civility
        birthName
        usageName
        firstNames
        birthDate
        bornAbroad
        birthCountry
        birthCity
        birthPostalCode
        email
        phone
        addressLine
        postalCode
        city
        statusAtRegistration
        educationLevel
        professionalProject
        professionalSector
        anonymised
      }
      ... on NotFound {
        message
      }
    }
  }
`);

export const UpdateCandidateMutation = graphql(`
  mutation UpdateCandidate(
    $id: ID!
    $revision: Int!
    $civility: Civility!
    $birthName: String!
    $firstNames: String!
    $birthDate: Date!
    $birthCountry: String!
    $birthCity: String!
    $statusAtRegistration: RegistrationStatus!
    $educationLevel: EducationLevel!
    $usageName: String!
    $birthPostalCode: String!
    $bornAbroad: Boolean!
    $email: String!
    $phone: String!
    $addressLine: String!
    $postalCode: String!
    $city: String!
    $professionalProject: String!
    $professionalSector: String
    $confirmNotDuplicate: Boolean!
  ) {
    updateCandidate(
      input: {
        id: $id
        revision: $revision
        civility: $civility
        birthName: $birthName
        firstNames: $firstNames
        birthDate: $birthDate
        birthCountry: $birthCountry
        birthCity: $birthCity
        statusAtRegistration: $statusAtRegistration
        educationLevel: $educationLevel
        usageName: $usageName
        birthPostalCode: $birthPostalCode
        bornAbroad: $bornAbroad
        email: $email
        phone: $phone
        addressLine: $addressLine
        postalCode: $postalCode
        city: $city
        professionalProject: $professionalProject
        professionalSector: $professionalSector
        confirmNotDuplicate: $confirmNotDuplicate
      }
    ) {
      candidate {
        ...CandidateNameFields
        birthDate
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

export const OpenDossierMutation = graphql(`
  mutation OpenDossier(
    $candidateId: ID!
    $certificationCode: String!
    $siteId: ID!
    $prescriberType: PrescriberType!
    $prescriberName: String!
    $financing: Financing!
    $consent: Boolean!
    $consentToShare: Boolean!
    $informationInterviewId: ID
  ) {
    openDossier(
      input: {
        candidateId: $candidateId
        certificationCode: $certificationCode
        siteId: $siteId
        prescriberType: $prescriberType
        prescriberName: $prescriberName
        financing: $financing
        consent: $consent
        consentToShare: $consentToShare
        informationInterviewId: $informationInterviewId
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
    $candidateId: ID!
    $certificationCode: String!
    $heldOn: Date!
    $adviserId: ID!
    $outcome: InterviewOutcome!
    $note: String!
  ) {
    recordInformationInterview(
      input: {
        candidateId: $candidateId
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

// ---- Evaluation grid ----------------------------------------------------------

export const EvaluationQuery = graphql(`
  query Evaluation($id: ID!) {
    evaluation(id: $id) {
      __typename
      ... on Evaluation {
        ...EvaluationSummaryFields
        dossierId
        results {
          itemCode
          value
          comment
          changedInRevision
        }
      }
      ... on NotFound {
        message
      }
    }
  }
`);

export const SaveEvaluationResultsMutation = graphql(`
  mutation SaveEvaluationResults(
    $evaluationId: ID!
    $revision: Int!
    $results: [ItemResultInput!]!
    $idempotencyKey: String
  ) {
    saveEvaluationResults(
      input: {
        evaluationId: $evaluationId
        revision: $revision
        results: $results
        idempotencyKey: $idempotencyKey
      }
    ) {
      revision
      saved
      errors {
        ...EvaluationProblemFields
      }
    }
  }
`);

export const PlanEvaluationSessionMutation = graphql(`
  mutation PlanEvaluationSession(
    $evaluationId: ID!
    $day: Date!
    $startsAt: String!
    $endsAt: String!
    $siteId: ID!
    $evaluatorId: ID!
  ) {
    planEvaluationSession(
      input: {
        evaluationId: $evaluationId
        day: $day
        startsAt: $startsAt
        endsAt: $endsAt
        siteId: $siteId
        evaluatorId: $evaluatorId
      }
    ) {
      evaluation {
        ...EvaluationSummaryFields
      }
      errors {
        ...EvaluationProblemFields
      }
    }
  }
`);

export const SetEvaluationProfessionalContextMutation = graphql(`
  mutation SetEvaluationProfessionalContext($evaluationId: ID!, $professionalContext: String!) {
    setEvaluationProfessionalContext(
      input: { evaluationId: $evaluationId, professionalContext: $professionalContext }
    ) {
      evaluation {
        id
        professionalContext
      }
      errors {
        ...EvaluationProblemFields
      }
    }
  }
`);

export const CloseEvaluationMutation = graphql(`
  mutation CloseEvaluation($evaluationId: ID!) {
    closeEvaluation(input: { evaluationId: $evaluationId }) {
      evaluation {
        ...EvaluationSummaryFields
      }
      errors {
        ...EvaluationProblemFields
      }
    }
  }
`);

// ---- Training plan ------------------------------------------------------------

export const TrainingPlanFieldsFragment = graphql(`
  fragment TrainingPlanFields on TrainingPlan {
    id
    revision
    trainingOrganisationId
    trainingOrganisationLabel
    trainingSiret
    trainingOrganisationName
    trainerId
    trainerName
    startsOn
    endsOn
    financing
    hoursByDomain
    objectives {
      itemCode
      objective
    }
    progress {
      day
      hours
      itemsWorked
      note
    }
  }
`);

export const TrainingPlanQuery = graphql(`
  query TrainingPlan($id: ID!) {
    dossier(id: $id) {
      __typename
      ... on Dossier {
        id
        certificationCode
        status
        statusLabel
        financing
        windowEndsOn
        candidate {
          ...CandidateNameFields
        }
        trainingPlan {
          ...TrainingPlanFields
        }
      }
      ... on NotFound {
        message
      }
    }
  }
`);

export const CreateTrainingPlanMutation = graphql(`
  mutation CreateTrainingPlan($dossierId: ID!) {
    createTrainingPlan(input: { dossierId: $dossierId }) {
      trainingPlan {
        ...TrainingPlanFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const UpdateTrainingPlanMutation = graphql(`
  mutation UpdateTrainingPlan(
    $planId: ID!
    $revision: Int!
    $objectives: [TrainingObjectiveInput!]!
    $hoursByDomain: JSON!
    $trainerId: ID
    $trainerName: String!
    $trainingOrganisationId: ID
    $trainingSiret: String!
    $trainingOrganisationName: String!
    $startsOn: Date
    $endsOn: Date
    $financing: String!
  ) {
    updateTrainingPlan(
      input: {
        planId: $planId
        revision: $revision
        objectives: $objectives
        hoursByDomain: $hoursByDomain
        trainerId: $trainerId
        trainerName: $trainerName
        trainingOrganisationId: $trainingOrganisationId
        trainingSiret: $trainingSiret
        trainingOrganisationName: $trainingOrganisationName
        startsOn: $startsOn
        endsOn: $endsOn
        financing: $financing
      }
    ) {
      trainingPlan {
        ...TrainingPlanFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const RecordTrainingProgressMutation = graphql(`
  mutation RecordTrainingProgress(
    $planId: ID!
    $day: Date!
    $hours: Float!
    $itemsWorked: [String!]!
    $note: String!
  ) {
    recordTrainingProgress(
      input: { planId: $planId, day: $day, hours: $hours, itemsWorked: $itemsWorked, note: $note }
    ) {
      trainingPlan {
        ...TrainingPlanFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const ProfessionalSectorsQuery = graphql(`
  query ProfessionalSectors {
    professionalSectors {
      code
      label
    }
  }
`);

/** Organisations accredited to train a certification (the public directory, scope TRAINING). */
export const TrainingOrganisationsQuery = graphql(`
  query TrainingOrganisations($certificationCode: String!) {
    evaluatorDirectory(certificationCode: $certificationCode, scope: TRAINING, first: 100) {
      edges {
        node {
          organisationId
          organisationName
          city
          scope
        }
      }
    }
  }
`);

export const TrainingOrganisationTrainersQuery = graphql(`
  query TrainingOrganisationTrainers($organisationId: ID!, $certificationCode: String!) {
    trainingOrganisationTrainers(organisationId: $organisationId, certificationCode: $certificationCode) {
      id
      displayName
    }
  }
`);

export const DeliveredTrainingPlansQuery = graphql(`
  query DeliveredTrainingPlans {
    deliveredTrainingPlans {
      id
      evaluatorName
      certificationCode
      candidateName
      trainerName
      startsOn
      endsOn
      hoursPlanned
      hoursDone
      objectives {
        itemCode
        objective
      }
      progress {
        day
        hours
        itemsWorked
        note
      }
    }
  }
`);

export const RecordDeliveredTrainingProgressMutation = graphql(`
  mutation RecordDeliveredTrainingProgress(
    $planId: ID!
    $day: Date!
    $hours: Float!
    $itemsWorked: [String!]!
    $note: String!
  ) {
    recordDeliveredTrainingProgress(
      input: { planId: $planId, day: $day, hours: $hours, itemsWorked: $itemsWorked, note: $note }
    ) {
      deliveredPlan {
        id
        hoursDone
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

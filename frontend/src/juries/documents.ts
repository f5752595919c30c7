import { graphql } from "../gql";

// Documents of the jury screens: Certif'Pro's roster and sessions (`/plateforme/jury/*`)
// and the members' own screens (`/jury/*`). Mutations spell their input inline.

export const JuryCertificationsQuery = graphql(`
  query JuryCertifications {
    certifications {
      code
      title
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
  }
`);

export const JuryMemberFieldsFragment = graphql(`
  fragment JuryMemberFields on JuryMember {
    id
    fullName
    email
    side
    body
    region
    certificationCodes
    affiliations
    active
  }
`);

export const JuryMembersQuery = graphql(`
  query JuryMembers($region: String, $certificationCode: String) {
    juryMembers(region: $region, certificationCode: $certificationCode) {
      ...JuryMemberFields
    }
  }
`);

export const AddJuryMemberMutation = graphql(`
  mutation AddJuryMember(
    $email: String!
    $fullName: String!
    $side: Side!
    $body: String!
    $region: String!
    $certificationCodes: [String!]!
    $affiliations: [String!]!
  ) {
    addJuryMember(
      input: {
        email: $email
        fullName: $fullName
        side: $side
        body: $body
        region: $region
        certificationCodes: $certificationCodes
        affiliations: $affiliations
      }
    ) {
      member {
        ...JuryMemberFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const UpdateJuryMemberMutation = graphql(`
  mutation UpdateJuryMember(
    $id: ID!
    $email: String!
    $fullName: String!
    $side: Side!
    $body: String!
    $region: String!
    $certificationCodes: [String!]!
    $affiliations: [String!]!
    $active: Boolean!
  ) {
    updateJuryMember(
      input: {
        id: $id
        email: $email
        fullName: $fullName
        side: $side
        body: $body
        region: $region
        certificationCodes: $certificationCodes
        affiliations: $affiliations
        active: $active
      }
    ) {
      member {
        ...JuryMemberFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const JuryDecisionFieldsFragment = graphql(`
  fragment JuryDecisionFields on JuryDecision {
    id
    outcome
    reason
    decidedAt
    frozen
    revision
    recordedBy
    presidedBy {
      memberId
      fullName
    }
    presentMembers {
      memberId
      fullName
      side
    }
    mode
    votesFor
    votesAgainst
    abstentions
    criteriaAtIssue
    candidateComment
    organisationComment
    internalComment
    obtainedAtFirstEvaluation
    amendsId
    effect
  }
`);

export const JurySessionFieldsFragment = graphql(`
  fragment JurySessionFields on JurySession {
    id
    title
    certificationCodes
    region
    heldOn
    place
    remote
    startsAt
    endsAt
    interviews
    status
    parityProblem
    certificatesTotal
    certificatesIssued
    issuanceError
    issuanceStatus
    issuanceFailures {
      dossierId
      message
    }
    minutesUrl
    minutesDocuments {
      kind
      number
      sha256
      url
      createdAt
    }
    revision
    attendees {
      memberId
      fullName
      side
      body
      present
    }
  }
`);

export const JurySessionsQuery = graphql(`
  query JurySessions($status: SessionStatus) {
    jurySessions(status: $status) {
      ...JurySessionFields
    }
  }
`);

export const MyJurySessionsQuery = graphql(`
  query MyJurySessions {
    myJurySessions {
      ...JurySessionFields
    }
  }
`);

export const JurySessionQuery = graphql(`
  query JurySession($id: ID!) {
    jurySession(id: $id) {
      __typename
      ... on JurySession {
        ...JurySessionFields
      }
      ... on NotFound {
        message
      }
    }
  }
`);

export const JuryAgendaQuery = graphql(`
  query JuryAgenda($sessionId: ID!) {
    juryAgenda(sessionId: $sessionId) {
      dossierId
      organisationName
      certificationCode
      holderName
      dossierStatus
      myRecusal
      recusals {
        memberId
        reason
      }
      parityProblem
      returnedReason
      decision {
        ...JuryDecisionFields
      }
      amendments {
        ...JuryDecisionFields
      }
    }
  }
`);

export const ReadyForJuryQuery = graphql(`
  query ReadyForJury($certificationCode: String, $region: String) {
    readyForJury(certificationCode: $certificationCode, region: $region) {
      dossierId
      holderName
      organisationName
      region
      certificationCode
      readySince
    }
  }
`);

export const JuryDossierQuery = graphql(`
  query JuryDossier($sessionId: ID!, $dossierId: ID!) {
    juryDossier(sessionId: $sessionId, dossierId: $dossierId) {
      __typename
      ... on JuryDossier {
        dossierId
        holderName
        organisationName
        certificationCode
        recusal
        evaluations {
          kind
          closedAt
          mastery
          results
        }
        trainingOrganisation
        trainingHoursPlanned
        trainingHoursDone
        combined {
          summary
          hasFinal
          domainsAcquired
          domainsTotal
          domains {
            code
            title
            criteria
            acquiredAtInitial
            evaluatedAtFinal
            acquiredAtFinal
            acquired
            domainAcquired
          }
        }
      }
      ... on NotFound {
        message
      }
    }
  }
`);

export const JuryReferentielQuery = graphql(`
  query JuryReferentiel($code: String!) {
    referentiel(code: $code) {
      __typename
      ... on ReferentielVersion {
        id
        version
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
    }
  }
`);

export const ConveneJurySessionMutation = graphql(`
  mutation ConveneJurySession(
    $title: String!
    $certificationCodes: [String!]!
    $region: String!
    $heldOn: Date!
    $place: String!
    $remote: Boolean!
    $memberIds: [ID!]!
    $startsAt: Time!
    $endsAt: Time!
    $interviews: Boolean!
  ) {
    conveneJurySession(
      input: {
        title: $title
        certificationCodes: $certificationCodes
        region: $region
        heldOn: $heldOn
        place: $place
        remote: $remote
        memberIds: $memberIds
        startsAt: $startsAt
        endsAt: $endsAt
        interviews: $interviews
      }
    ) {
      session {
        ...JurySessionFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const InviteJuryMemberMutation = graphql(`
  mutation InviteJuryMember($sessionId: ID!, $memberId: ID!) {
    inviteJuryMember(input: { sessionId: $sessionId, memberId: $memberId }) {
      session {
        ...JurySessionFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const RecordJuryAttendanceMutation = graphql(`
  mutation RecordJuryAttendance($sessionId: ID!, $memberId: ID!, $present: Boolean!) {
    recordJuryAttendance(input: { sessionId: $sessionId, memberId: $memberId, present: $present }) {
      session {
        ...JurySessionFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const OpenJurySessionMutation = graphql(`
  mutation OpenJurySession($id: ID!) {
    openJurySession(input: { id: $id }) {
      session {
        ...JurySessionFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const CloseJurySessionMutation = graphql(`
  mutation CloseJurySession($id: ID!) {
    closeJurySession(input: { id: $id }) {
      session {
        ...JurySessionFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const RetryCertificateIssuanceMutation = graphql(`
  mutation RetryCertificateIssuance($id: ID!) {
    retryCertificateIssuance(input: { id: $id }) {
      session {
        ...JurySessionFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const AddToJuryAgendaMutation = graphql(`
  mutation AddToJuryAgenda($sessionId: ID!, $dossierIds: [ID!]!) {
    addToJuryAgenda(input: { sessionId: $sessionId, dossierIds: $dossierIds }) {
      session {
        ...JurySessionFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const RemoveFromJuryAgendaMutation = graphql(`
  mutation RemoveFromJuryAgenda($sessionId: ID!, $dossierId: ID!) {
    removeFromJuryAgenda(input: { sessionId: $sessionId, dossierId: $dossierId }) {
      session {
        ...JurySessionFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const DeclareJuryConflictMutation = graphql(`
  mutation DeclareJuryConflict($sessionId: ID!, $dossierId: ID!, $reason: String!) {
    declareJuryConflict(input: { sessionId: $sessionId, dossierId: $dossierId, reason: $reason }) {
      session {
        id
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const DecideJuryDossierMutation = graphql(`
  mutation DecideJuryDossier($input: DecideJuryDossierInput!) {
    decideJuryDossier(input: $input) {
      decision {
        ...JuryDecisionFields
      }
      errors {
        code
        field
        message
        earlierDecision {
          ...JuryDecisionFields
        }
      }
    }
  }
`);

export const AmendJuryDecisionMutation = graphql(`
  mutation AmendJuryDecision($input: AmendJuryDecisionInput!) {
    amendJuryDecision(input: $input) {
      decision {
        ...JuryDecisionFields
      }
      errors {
        code
        field
        message
        earlierDecision {
          ...JuryDecisionFields
        }
      }
    }
  }
`);

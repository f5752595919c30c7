import { graphql } from "../gql";

// Documents of the certificate screens: the organisation's certificates (`/certificats`,
// the dossier page), Certif'Pro's search and paper queue (`/plateforme/certificats`,
// `/plateforme/copies-papier`). Mutations spell their input inline.

export const CertificateFieldsFragment = graphql(`
  fragment CertificateFields on Certificate {
    id
    dossierId
    number
    verificationCode
    certificationCode
    certificationTitle
    holderName
    referentielVersion
    decidedOn
    jurySessionLabel
    organisationName
    issuedAt
    status
    revokedAt
    revocationReason
    paperRequestedAt
    paperSentAt
    paperAddress
    verifyUrl
    pdfUrl
    badgeUrl
  }
`);

export const OrganisationCertificatesQuery = graphql(`
  query OrganisationCertificates($first: Int, $after: String, $text: String, $dossierId: ID) {
    certificates(first: $first, after: $after, filter: { text: $text, dossierId: $dossierId }) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...CertificateFields
        }
      }
    }
  }
`);

export const CertificateSearchQuery = graphql(`
  query CertificateSearch(
    $first: Int
    $after: String
    $text: String
    $certificationCode: String
    $revoked: Boolean
    $paperRequested: Boolean
  ) {
    certificateSearch(
      first: $first
      after: $after
      filter: { text: $text, certificationCode: $certificationCode, revoked: $revoked, paperRequested: $paperRequested }
    ) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...CertificateFields
        }
      }
    }
  }
`);

export const PaperQueueQuery = graphql(`
  query PaperQueue {
    paperQueue {
      ...CertificateFields
    }
  }
`);

export const RevokeCertificateMutation = graphql(`
  mutation RevokeCertificate($id: ID!, $reason: String!) {
    revokeCertificate(input: { id: $id, reason: $reason }) {
      certificate {
        ...CertificateFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const RequestPaperCopyMutation = graphql(`
  mutation RequestPaperCopy($id: ID!) {
    requestPaperCopy(input: { id: $id }) {
      certificate {
        ...CertificateFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const MarkPaperSentMutation = graphql(`
  mutation MarkPaperSent($ids: [ID!]!) {
    markPaperSent(input: { ids: $ids }) {
      certificates {
        id
        paperSentAt
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

/** The jury's decisions on one of the organisation's dossiers (amendments included). */
export const DossierJuryDecisionsQuery = graphql(`
  query DossierJuryDecisions($dossierId: ID!) {
    dossierJuryDecisions(dossierId: $dossierId) {
      id
      sessionLabel
      outcome
      reason
      decidedAt
      criteriaAtIssue
      candidateComment
      organisationComment
      obtainedAtFirstEvaluation
      amendsId
      effect
    }
  }
`);

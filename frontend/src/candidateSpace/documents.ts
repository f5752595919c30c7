import { graphql } from "../gql";

// The candidate space: signing in with a one-time link, the candidate's own pages, and
// the advisers' invitation panel on the dossier page.

export const RequestCandidateSignInLinkMutation = graphql(`
  mutation RequestCandidateSignInLink($email: String!) {
    requestCandidateSignInLink(input: { email: $email }) {
      sent
      errors {
        code
        field
        message
      }
    }
  }
`);

export const SignInCandidateMutation = graphql(`
  mutation SignInCandidate($token: String!) {
    signInCandidate(input: { token: $token }) {
      ok
      errors {
        code
        field
        message
      }
    }
  }
`);

export const SignOutCandidateMutation = graphql(`
  mutation SignOutCandidate {
    signOutCandidate(input: {}) {
      ok
      errors {
        code
        field
        message
      }
    }
  }
`);

export const CandidateSpaceQuery = graphql(`
  query CandidateSpace {
    candidateSpace {
      firstName
      followUps {
        id
        certificationTitle
        organisationName
        wave
      }
      dossiers {
        id
        organisationName
        certificationTitle
        status
        stepTitle
        stepNow
        stepNext
        adviserName
        siteName
        siteAddress
        sitePhone
        consentAt
        windowEndsOn
        daysLeft
        sittings {
          kindLabel
          day
          startsAt
          endsAt
          place
        }
        acquiredDomains
        training {
          organisationName
          startsOn
          endsOn
          daysDone
        }
        attestations {
          id
          reference
          issuedAt
          downloadUrl
        }
        certificate {
          id
          number
          issuedAt
          revoked
          downloadUrl
          verifyPath
          paperRequestedAt
          paperSentAt
          paperAddress
          badge {
            holderName
            achievementName
            issuerName
            issuedOn
            validUntil
            downloadUrl
          }
        }
      }
    }
  }
`);

export const CandidateDataAccessesQuery = graphql(`
  query CandidateDataAccesses {
    candidateDataAccesses {
      organisationName
      lastAccessAt
    }
  }
`);

export const CandidateDataExportQuery = graphql(`
  query CandidateDataExport {
    candidateDataExport {
      data
    }
  }
`);

export const RequestDataCorrectionMutation = graphql(`
  mutation RequestDataCorrection($dossierId: ID!, $message: String!) {
    requestDataCorrection(input: { dossierId: $dossierId, message: $message }) {
      ok
      errors {
        code
        field
        message
      }
    }
  }
`);

export const CandidateSpaceStatusQuery = graphql(`
  query CandidateSpaceStatus($candidateId: ID!) {
    candidateSpaceStatus(candidateId: $candidateId) {
      __typename
      ... on CandidateSpaceStatus {
        email
        invitedAt
        activatedAt
      }
      ... on NotFound {
        message
      }
    }
  }
`);

export const InviteCandidateToSpaceMutation = graphql(`
  mutation InviteCandidateToSpace($candidateId: ID!) {
    inviteCandidateToSpace(input: { candidateId: $candidateId }) {
      status {
        email
        invitedAt
        activatedAt
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const CorrectionRequestsQuery = graphql(`
  query CorrectionRequests {
    correctionRequests {
      id
      candidateId
      candidateName
      message
      createdAt
    }
  }
`);

export const ResolveCorrectionRequestMutation = graphql(`
  mutation ResolveCorrectionRequest($id: ID!) {
    resolveCorrectionRequest(input: { id: $id }) {
      ok
      errors {
        code
        field
        message
      }
    }
  }
`);

export const RequestMyPaperCopyMutation = graphql(`
  mutation RequestMyPaperCopy($certificateId: ID!) {
    requestMyPaperCopy(input: { certificateId: $certificateId }) {
      ok
      errors {
        code
        field
        message
      }
    }
  }
`);

export const RequestCandidateSignInCodeMutation = graphql(`
  mutation RequestCandidateSignInCode($phone: String!) {
    requestCandidateSignInCode(input: { phone: $phone }) {
      sent
      errors {
        code
        field
        message
      }
    }
  }
`);

export const SignInCandidateWithCodeMutation = graphql(`
  mutation SignInCandidateWithCode($phone: String!, $code: String!) {
    signInCandidateWithCode(input: { phone: $phone, code: $code }) {
      ok
      errors {
        code
        field
        message
      }
    }
  }
`);

export const CreateWalletOfferMutation = graphql(`
  mutation CreateWalletOffer($certificateId: ID!) {
    createWalletOffer(input: { certificateId: $certificateId }) {
      offer {
        uri
        expiresAt
        txCode
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

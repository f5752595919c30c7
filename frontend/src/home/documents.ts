import { graphql } from "../gql";

// Home pages per role: each section is one document (one request), whatever the
// viewer's roles; a home page sends at most three (see HomePage.tsx).

/** Adviser, evaluator and trainer: the viewer's work (the `myWork` list) and training. */
export const HomeWorkQuery = graphql(`
  query HomeWork($training: [DossierStatus!]) {
    myWork {
      correctionRequests {
        id
        candidateId
        candidateName
        message
        createdAt
      }
      dossiersToHandle {
        id
        certificationCode
        status
        windowEndsOn
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
        }
        dossier {
          id
          certificationCode
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
    inTraining: dossiers(first: 10, filter: { status: $training }) {
      totalCount
      edges {
        node {
          id
          certificationCode
          windowEndsOn
          candidate {
            ...CandidateNameFields
          }
        }
      }
    }
  }
`);

export const StatisticsFunnelFields = graphql(`
  fragment StatisticsFunnelFields on FunnelStats {
    certificationCode
    opened
    initialCompleted
    directToJury
    toTraining
    finalCompleted
    submitted
    certified
    notCertified
    abandoned
    expired
    certificationRate
    successRate
    openingToCertificate {
      medianDays
    }
  }
`);

/** Organisation administrator: the year's funnel, accreditations, team. */
export const HomeOrganisationQuery = graphql(`
  query HomeOrganisation($filter: StatisticsFilterInput!, $quarter: StatisticsFilterInput!) {
    statistics(filter: $filter) {
      __typename
      ... on Statistics {
        total {
          ...StatisticsFunnelFields
        }
        funnel {
          certificationCode
        }
      }
      ... on StatisticsRefusal {
        errors {
          code
          message
        }
      }
    }
    quarter: statistics(filter: $quarter) {
      __typename
      ... on Statistics {
        activity {
          month
          certificationCode
          initialEvaluations
          certificates
          feesCents
        }
      }
      ... on StatisticsRefusal {
        errors {
          code
          message
        }
      }
    }
    accreditations {
      id
      certificationCode
      siteName
      validUntil
      isValid
      statusLabel
    }
    members(first: 100) {
      totalCount
      edges {
        node {
          id
          roles
          user {
            id
            fullName
          }
        }
      }
    }
  }
`);

/** Certif'Pro administrator: the national funnel, pools and applications to review. */
export const HomeNationalQuery = graphql(`
  query HomeNational($filter: StatisticsFilterInput!) {
    statistics(filter: $filter) {
      __typename
      ... on Statistics {
        total {
          ...StatisticsFunnelFields
        }
        funnel {
          certificationCode
        }
        readyForJuryByRegion {
          region
          dossiers
        }
        certificatesThisMonth
      }
      ... on StatisticsRefusal {
        errors {
          code
          message
        }
      }
    }
    submitted: applications(status: SUBMITTED) {
      id
      organisationName
      submittedAt
    }
  }
`);

/** Jury member: the next sessions. */
export const HomeJuryQuery = graphql(`
  query HomeJury {
    myJurySessions {
      id
      title
      heldOn
      startsAt
      region
      status
    }
  }
`);

/** The statistics page: the funnel per certification and every breakdown, masked. */
export const StatisticsPageQuery = graphql(`
  query StatisticsPage($filter: StatisticsFilterInput!) {
    statistics(filter: $filter) {
      __typename
      ... on Statistics {
        national
        network
        total {
          ...StatisticsFunnelFields
        }
        funnel {
          ...StatisticsFunnelFields
        }
        breakdowns {
          dimension
          title
          totalOpened
          totalCertified
          rows {
            key
            label
            opened
            certified
          }
        }
        activity {
          organisationName
          month
          certificationCode
          initialEvaluations
          certificates
          feesCents
          applicationsSubmitted
          applicationsAccepted
          applicationsRefused
          activeSites
        }
        followUp {
          certificationCode
          wave
          sent
          answered
          responseRate
          situations {
            employedSame
            employedNew
            training
            jobSeeking
          }
          nextCertificationPlanned
          nextCertificationNotPlanned
        }
      }
      ... on StatisticsRefusal {
        errors {
          code
          field
          message
        }
      }
    }
  }
`);

export const RequestAnnualReportMutation = graphql(`
  mutation RequestAnnualReport($input: RequestAnnualReportInput!) {
    requestAnnualReport(input: $input) {
      report {
        id
        status
        progress
        step
        failure
        downloadUrl
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const AnnualReportJobQuery = graphql(`
  query AnnualReportJob($id: ID!) {
    annualReport(id: $id) {
      __typename
      ... on AnnualReportJob {
        id
        status
        progress
        step
        failure
        downloadUrl
      }
      ... on NotFound {
        message
      }
    }
  }
`);

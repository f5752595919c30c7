import { graphql } from "../gql";

// Documents of the control of accredited organisations (#19): Certif'Pro's file of an
// organisation and its decisions; the organisation's procedures and reply.

export const ControlProcedureFragment = graphql(`
  fragment ControlProcedureFields on ControlProcedure {
    id
    status
    openedAt
    grievances
    replyDueOn
    replyOpen
    reply
    repliedAt
    documents {
      id
      filename
      size
      url
    }
    outcome
    outcomeLabel
    outcomeReason
    suspendedUntil
    certificationCodes
    decidedAt
    signalement {
      id
      siteName
      sourceLabel
      description
      recordedAt
    }
  }
`);

export const OrganisationControlQuery = graphql(`
  query OrganisationControl($organisationId: ID!) {
    organisationControl(organisationId: $organisationId) {
      __typename
      ... on ControlFile {
        organisationId
        organisationName
        certificationCodes
        sites {
          id
          name
          siret
        }
        signalements {
          id
          siteName
          source
          sourceLabel
          description
          recordedAt
        }
        procedures {
          ...ControlProcedureFields
        }
      }
      ... on NotFound {
        message
      }
    }
  }
`);

export const MyControlProceduresQuery = graphql(`
  query MyControlProcedures {
    myControlProcedures {
      ...ControlProcedureFields
    }
  }
`);

export const RecordSignalementMutation = graphql(`
  mutation RecordSignalement($input: RecordSignalementInput!) {
    recordSignalement(input: $input) {
      signalement {
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

export const OpenControlProcedureMutation = graphql(`
  mutation OpenControlProcedure($input: OpenControlProcedureInput!) {
    openControlProcedure(input: $input) {
      procedure {
        ...ControlProcedureFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const ReplyToControlProcedureMutation = graphql(`
  mutation ReplyToControlProcedure($input: ReplyToControlProcedureInput!) {
    replyToControlProcedure(input: $input) {
      procedure {
        ...ControlProcedureFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const DecideControlProcedureMutation = graphql(`
  mutation DecideControlProcedure($input: DecideControlProcedureInput!) {
    decideControlProcedure(input: $input) {
      procedure {
        ...ControlProcedureFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

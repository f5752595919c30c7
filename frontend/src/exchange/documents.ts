import { graphql } from "../gql";

// Documents of the import screen (`/dossiers/import`, advisers and org admins).

export const ImportBatchFieldsFragment = graphql(`
  fragment ImportBatchFields on ImportBatch {
    id
    kind
    filename
    status
    rowCount
    rowsDone
    problemCount
    createdCount
    failure
    inBackground
    createdAt
    confirmedAt
  }
`);

export const ImportBatchQuery = graphql(`
  query ImportBatch($id: ID!) {
    importBatch(id: $id) {
      __typename
      ... on ImportBatch {
        ...ImportBatchFields
        problems {
          row
          column
          reason
        }
      }
      ... on NotFound {
        message
      }
    }
  }
`);

export const ImportsQuery = graphql(`
  query Imports {
    imports {
      ...ImportBatchFields
    }
  }
`);

export const ConfirmImportMutation = graphql(`
  mutation ConfirmImport($id: ID!) {
    confirmImport(input: { id: $id }) {
      importBatch {
        ...ImportBatchFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const DiscardImportMutation = graphql(`
  mutation DiscardImport($id: ID!) {
    discardImport(input: { id: $id }) {
      discardedId
      errors {
        code
        field
        message
      }
    }
  }
`);

import { graphql } from "../../gql";

// Documents of the evaluation grid: the evaluation, saving results, planning a sitting,
// the professional context, closing.

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

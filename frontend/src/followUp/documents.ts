import { graphql } from "../gql";

export const FollowUpQuestionnaireQuery = graphql(`
  query FollowUpQuestionnaire($token: String!) {
    followUpQuestionnaire(token: $token) {
      __typename
      ... on FollowUpQuestionnaire {
        certificationTitle
        organisationName
        wave
        expiresAt
      }
      ... on FollowUpRefusal {
        errors {
          code
          field
          message
        }
      }
    }
  }
`);

export const AnswerFollowUpMutation = graphql(`
  mutation AnswerFollowUp($input: AnswerFollowUpInput!) {
    answerFollowUp(input: $input) {
      ok
      errors {
        code
        field
        message
      }
    }
  }
`);

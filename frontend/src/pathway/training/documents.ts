import { graphql } from "../../gql";

// Documents of training plans: the plan, building and editing it, progress, the accredited
// training organisations and their trainers, and the plans an organisation delivers.

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
      status
      statusLabel
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

export const SetTrainingObjectiveStatusMutation = graphql(`
  mutation SetTrainingObjectiveStatus($planId: ID!, $itemCode: String!, $status: TrainingObjectiveStatus!) {
    setTrainingObjectiveStatus(input: { planId: $planId, itemCode: $itemCode, status: $status }) {
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
        status
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

/** The training organisation records where one objective of a plan it delivers stands. */
export const SetDeliveredTrainingObjectiveStatusMutation = graphql(`
  mutation SetDeliveredTrainingObjectiveStatus($planId: ID!, $itemCode: String!, $status: TrainingObjectiveStatus!) {
    setDeliveredTrainingObjectiveStatus(input: { planId: $planId, itemCode: $itemCode, status: $status }) {
      deliveredPlan {
        id
        objectives {
          itemCode
          objective
          status
        }
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

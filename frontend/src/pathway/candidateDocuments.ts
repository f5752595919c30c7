import { graphql } from "../gql";

// Documents of the candidate forms: reading and correcting a candidate (a new one is
// registered with its dossier, see OpenDossierMutation),
// and the professional sectors they pick from.

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

export const ProfessionalSectorsQuery = graphql(`
  query ProfessionalSectors {
    professionalSectors {
      code
      label
    }
  }
`);

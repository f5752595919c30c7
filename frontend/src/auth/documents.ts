import { graphql } from "../gql";

// Documents of the authentication screens and of the app shell (viewer,
// organisation switcher). Mutations spell their input inline so that they do
// not depend on the generated input type names.

export const ViewerFieldsFragment = graphql(`
  fragment ViewerFields on Viewer {
    user {
      id
      email
      fullName
    }
    platformRoles
    activeRoles
    juryMember
    activeOrganisation {
      id
      name
    }
    memberships {
      id
      roles
      organisation {
        id
        name
        status
      }
    }
  }
`);

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      ...ViewerFields
    }
  }
`);

export const LoginOptionsQuery = graphql(`
  query LoginOptions {
    loginOptions {
      organisationName
      organisationSlug
      loginUrl
    }
  }
`);

export const LoginMutation = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(input: { email: $email, password: $password }) {
      viewer {
        ...ViewerFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const LogoutMutation = graphql(`
  mutation Logout {
    logout(input: {}) {
      ok
      errors {
        code
        field
        message
      }
    }
  }
`);

export const SwitchOrganisationMutation = graphql(`
  mutation SwitchOrganisation($organisationId: ID) {
    switchOrganisation(input: { organisationId: $organisationId }) {
      viewer {
        ...ViewerFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const RequestPasswordResetMutation = graphql(`
  mutation RequestPasswordReset($email: String!) {
    requestPasswordReset(input: { email: $email }) {
      ok
      errors {
        code
        field
        message
      }
    }
  }
`);

export const ResetPasswordMutation = graphql(`
  mutation ResetPassword($token: String!, $newPassword: String!) {
    resetPassword(input: { token: $token, newPassword: $newPassword }) {
      ok
      errors {
        code
        field
        message
      }
    }
  }
`);

export const InvitationPreviewQuery = graphql(`
  query InvitationPreview($token: String!) {
    invitationPreview(token: $token) {
      __typename
      ... on InvitationPreview {
        organisationName
        email
        roles
        expiresAt
        accountExists
      }
      ... on NotFound {
        message
      }
    }
  }
`);

export const AcceptInvitationMutation = graphql(`
  mutation AcceptInvitation($token: String!, $fullName: String! = "", $password: String! = "") {
    acceptInvitation(input: { token: $token, fullName: $fullName, password: $password }) {
      viewer {
        ...ViewerFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

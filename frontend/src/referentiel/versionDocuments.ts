import { graphql } from "../gql";

// Documents of `/plateforme/referentiels` (Certif'Pro admin): a certification's versions,
// and previewing, importing, publishing or discarding one.

export const ReferentielCertificationsQuery = graphql(`
  query ReferentielCertifications {
    certifications {
      code
      title
    }
  }
`);

export const ReferentielVersionsQuery = graphql(`
  query ReferentielVersions($certificationCode: String!) {
    referentielVersions(certificationCode: $certificationCode) {
      id
      version
      status
      provisional
      publishedAt
    }
  }
`);

export const ReferentielDiffFields = graphql(`
  fragment ReferentielDiffFields on ReferentielDiff {
    certificationCode
    version
    baseVersion
    added {
      code
      title
    }
    removed {
      code
      title
    }
    renamed {
      code
      title
      previousTitle
    }
  }
`);

export const PreviewReferentielVersionMutation = graphql(`
  mutation PreviewReferentielVersion($document: String!) {
    previewReferentielVersion(input: { document: $document }) {
      diff {
        ...ReferentielDiffFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const ImportReferentielVersionMutation = graphql(`
  mutation ImportReferentielVersion($document: String!) {
    importReferentielVersion(input: { document: $document }) {
      version {
        id
        version
        status
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const ReferentielVersionChangeFields = graphql(`
  fragment ReferentielVersionChangeFields on ReferentielVersionChangePayload {
    version {
      id
      version
      status
    }
    errors {
      code
      field
      message
    }
  }
`);

export const PublishReferentielVersionMutation = graphql(`
  mutation PublishReferentielVersion($certificationCode: String!, $version: String!) {
    publishReferentielVersion(input: { certificationCode: $certificationCode, version: $version }) {
      ...ReferentielVersionChangeFields
    }
  }
`);

export const DiscardReferentielVersionMutation = graphql(`
  mutation DiscardReferentielVersion($certificationCode: String!, $version: String!) {
    discardReferentielVersion(input: { certificationCode: $certificationCode, version: $version }) {
      ...ReferentielVersionChangeFields
    }
  }
`);

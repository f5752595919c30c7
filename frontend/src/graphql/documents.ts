import { graphql } from "../gql";

export const CertificationsQuery = graphql(`
  query Certifications {
    certifications {
      code
      title
      certifier
      plugin
      currentVersion {
        id
        version
        provisional
        status
        levels {
          depth
          name
          count
          officialCount
        }
      }
    }
  }
`);

export const ReferentielQuery = graphql(`
  query Referentiel($code: String!) {
    certifications {
      code
      title
      certifier
    }
    referentiel(code: $code) {
      __typename
      ... on ReferentielVersion {
        id
        certificationCode
        version
        status
        provisional
        publishedAt
        notes
        provenance
        levels {
          depth
          name
          count
          officialCount
        }
        items {
          code
          title
          depth
          levelName
          position
          parentCode
          isLeaf
          provisional
        }
      }
      ... on ReferentielNotFound {
        code
        message
      }
    }
  }
`);

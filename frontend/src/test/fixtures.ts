import type { CertificationsQuery, ReferentielQuery } from "../gql/graphql";
import type { Fixture } from "./schemaTypes";
import type { FlatItem } from "../referentiel/tree";

/** Small CléA-like référentiel: domain → sub-domain → criterion. */
export const cleaItems: FlatItem[] = [
  { code: "1", title: "La communication en français", depth: 1, levelName: "domaine", position: 0, parentCode: null, isLeaf: false, provisional: false },
  { code: "1.1", title: "Écouter et comprendre", depth: 2, levelName: "sous-domaine", position: 0, parentCode: "1", isLeaf: false, provisional: false },
  { code: "1.1.1", title: "Écouter un message oral", depth: 3, levelName: "critère", position: 0, parentCode: "1.1", isLeaf: true, provisional: false },
  { code: "1.1.2", title: "Comprendre une consigne", depth: 3, levelName: "critère", position: 1, parentCode: "1.1", isLeaf: true, provisional: true },
  { code: "1.2", title: "S'exprimer à l'oral", depth: 2, levelName: "sous-domaine", position: 1, parentCode: "1", isLeaf: false, provisional: true },
  { code: "1.2.1", title: "Transmettre une information", depth: 3, levelName: "critère", position: 0, parentCode: "1.2", isLeaf: true, provisional: false },
  { code: "2", title: "L'utilisation des règles de base de calcul et du raisonnement mathématique", depth: 1, levelName: "domaine", position: 1, parentCode: null, isLeaf: false, provisional: false },
  { code: "2.1", title: "Se repérer dans l'univers des nombres", depth: 2, levelName: "sous-domaine", position: 0, parentCode: "2", isLeaf: false, provisional: false },
  { code: "2.1.1", title: "Effectuer des calculs simples", depth: 3, levelName: "critère", position: 0, parentCode: "2.1", isLeaf: true, provisional: false },
];

export const cleaLevels = [
  { depth: 1, name: "domaine", count: 2, officialCount: 7 },
  { depth: 2, name: "sous-domaine", count: 3, officialCount: null },
  { depth: 3, name: "critère", count: 4, officialCount: null },
];

/** Single-level référentiel (leaves only), like CléA numérique. */
export const flatItems: FlatItem[] = [
  { code: "N2", title: "Deuxième compétence", depth: 1, levelName: "compétence", position: 1, parentCode: null, isLeaf: true, provisional: false },
  { code: "N1", title: "Première compétence", depth: 1, levelName: "compétence", position: 0, parentCode: null, isLeaf: true, provisional: true },
  { code: "N3", title: "Troisième compétence", depth: 1, levelName: "compétence", position: 2, parentCode: null, isLeaf: true, provisional: false },
];

export const certificationsData = {
  certifications: [
    {
      __typename: "Certification",
      code: "CLEA",
      title: "CléA",
      certifier: "Certif Pro",
      plugin: "clea",
      currentVersion: {
        __typename: "ReferentielVersion",
        id: "v1",
        version: "2021-transcription-1",
        provisional: true,
        status: "PUBLISHED",
        levels: [
          { __typename: "ReferentielLevel", depth: 1, name: "domaine", count: 7, officialCount: 7 },
          { __typename: "ReferentielLevel", depth: 2, name: "sous-domaine", count: 28, officialCount: 28 },
          { __typename: "ReferentielLevel", depth: 3, name: "critère", count: 107, officialCount: 108 },
        ],
      },
    },
    {
      __typename: "Certification",
      code: "CLEA_NUMERIQUE",
      title: "CléA numérique",
      certifier: "Certif Pro",
      plugin: "clea_numerique",
      currentVersion: {
        __typename: "ReferentielVersion",
        id: "v2",
        version: "2020-1",
        provisional: false,
        status: "PUBLISHED",
        levels: [
          { __typename: "ReferentielLevel", depth: 1, name: "compétence", count: 3, officialCount: null },
        ],
      },
    },
  ],
} satisfies Fixture<CertificationsQuery>;

export function referentielData(code = "CLEA") {
  return {
    certifications: certificationsData.certifications.map(({ code, title, certifier }) => ({
      __typename: "Certification",
      code,
      title,
      certifier,
    })),
    referentiel: {
      __typename: "ReferentielVersion",
      id: "v1",
      certificationCode: code,
      version: "2021-transcription-1",
      status: "PUBLISHED",
      provisional: true,
      publishedAt: "2024-03-01T10:00:00Z",
      notes: ["Transcription non officielle du référentiel."],
      provenance: ["https://example.org/referentiel-clea.pdf", "Fiche RS5080"],
      levels: cleaLevels.map((level) => ({ __typename: "ReferentielLevel", ...level })),
      items: cleaItems.map((item) => ({ __typename: "ReferentielItem", ...item, parentCode: item.parentCode ?? null })),
    },
  } satisfies Fixture<ReferentielQuery>;
}

export const referentielNotFoundData = {
  certifications: [],
  referentiel: {
    __typename: "ReferentielNotFound",
    code: "UNKNOWN_CERTIFICATION",
    message: "Certification inconnue : NOPE.",
  },
} satisfies Fixture<ReferentielQuery>;

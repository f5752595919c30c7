import type { ApplicationFieldsFragment, ApplicationStatus, CampaignFieldsFragment } from "../gql/graphql";

/**
 * Screen tests render a big form in jsdom and load lazy route chunks: on a busy
 * machine they need more than the default timeouts.
 */
export const SCREEN_TEST_TIMEOUT = 60_000;
export const LAZY_PAGE_TIMEOUT = 20_000;

export const certificationTitlesData = {
  certifications: [
    {
      __typename: "Certification",
      code: "CLEA",
      title: "CléA",
      accreditationFees: { applicationFeeCents: 0, siteFeeCents: 0 },
    },
    {
      __typename: "Certification",
      code: "CLEA_NUMERIQUE",
      title: "CléA numérique",
      accreditationFees: { applicationFeeCents: 30000, siteFeeCents: 15000 },
    },
  ],
};

export function campaignFixture(overrides: Partial<CampaignFieldsFragment> = {}): CampaignFieldsFragment {
  return {
    __typename: "Campaign",
    id: "campaign-1",
    title: "Campagne 2026",
    certificationCodes: ["CLEA"],
    opensOn: "2026-01-05",
    closesOn: "2026-03-31",
    isOpen: true,
    requiredDocuments: [
      { __typename: "RequiredDocument", key: "extrait-sirene", label: "Avis de situation SIRENE", description: "Moins de trois mois.", mandatory: true },
      { __typename: "RequiredDocument", key: "organigramme", label: "Organigramme", description: "", mandatory: false },
    ],
    applicationFeeCents: 30000,
    siteFeeCents: 15050,
    accreditationStartsOn: "2026-06-01",
    accreditationEndsOn: "2029-05-31",
    openDossiersMayFinish: true,
    replyDays: 15,
    certificationFees: [],
    acceptedScopes: ["EVALUATION", "TRAINING"],
    revision: 1,
    reviewerIds: [],
    reviewers: [],
    ...overrides,
  } as CampaignFieldsFragment;
}

export const SITE = {
  __typename: "ApplicationSite",
  siret: "13002526500013",
  name: "Site de Lyon",
  addressLine: "12 rue Paul Bert",
  postalCode: "69003",
  city: "Lyon",
  region: "Auvergne-Rhône-Alpes",
  contactEmail: "lyon@of.fr",
  contactPhone: "04 72 00 00 00",
  evaluators: [
    { __typename: "ApplicationEvaluator", fullName: "Paul Girard", email: "paul@of.fr", qualifications: "10 ans" },
    { __typename: "ApplicationEvaluator", fullName: "Lina Roux", email: "lina@of.fr", qualifications: "5 ans" },
  ],
  scope: "EVALUATION",
  trainers: [],
} as const;

export const OTHER_SITE = {
  ...SITE,
  siret: "13002526500021",
  name: "Site de Villeurbanne",
  postalCode: "69100",
  city: "Villeurbanne",
  evaluators: [{ __typename: "ApplicationEvaluator", fullName: "Marc Petit", email: "marc@of.fr", qualifications: "3 ans" }],
} as const;

const DECLARATIONS = [
  { __typename: "Declaration", key: "accuracy", text: "J'atteste sur l'honneur l'exactitude des informations.", checked: false },
  { __typename: "Declaration", key: "quality", text: "L'organisme respecte les règles de qualité.", checked: true },
];

export function applicationFixture(
  overrides: Partial<Omit<ApplicationFieldsFragment, "status">> & { status?: ApplicationStatus } = {},
): ApplicationFieldsFragment {
  return {
    __typename: "Application",
    id: "application-1",
    status: "DRAFT",
    revision: 3,
    organisationName: "Formation Rhône",
    organisationSiren: "130025265",
    network: null,
    sites: [SITE],
    declarations: DECLARATIONS,
    submittedAt: null,
    decidedAt: null,
    message: "",
    updatedAt: "2026-01-10T09:00:00Z",
    campaign: campaignFixture(),
    documents: [
      {
        __typename: "ApplicationDocumentType",
        requirementKey: "extrait-sirene",
        filename: "sirene.pdf",
        size: 2048,
        uploadedAt: "2026-01-10T09:00:00Z",
        downloadUrl: "/accreditation-applications/application-1/documents/extrait-sirene",
      },
    ],
    timeline: [
      {
        __typename: "ApplicationEventType",
        occurredAt: "2026-01-09T09:00:00Z",
        actorLabel: "Inès Morel <ines@of.fr>",
        fromStatus: null,
        toStatus: "DRAFT",
        message: "",
      },
    ],
    missing: [
      {
        __typename: "AccreditationProblem",
        code: "INCOMPLETE",
        field: "declarations.accuracy",
        message: "Déclaration sur l'honneur à cocher : « J'atteste… »",
      },
    ],
    ...overrides,
  } as ApplicationFieldsFragment;
}

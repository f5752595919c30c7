import type {
  CertificateFieldsFragment,
  JuryCertificationsQuery,
  JuryDecisionFieldsFragment,
  JuryReferentielQuery,
  JurySessionFieldsFragment,
} from "../gql/graphql";
import { cleaItems } from "./fixtures";
import { BINARY_SCALE, PERCENT_SCALE } from "./pathwayFixtures";
import type { Fixture } from "./schemaTypes";

// Fixtures of the jury and certificate screens: session "s1" (Île-de-France, CléA) with
// four members, dossier "d1" of Léa DUPONT on its agenda.

type Side = "EMPLOYER" | "EMPLOYEE";

export function attendee(memberId: string, fullName: string, side: Side, present = false) {
  return {
    __typename: "JuryAttendee",
    memberId,
    fullName,
    side,
    body: side === "EMPLOYER" ? "MEDEF" : "CFDT",
    present,
  };
}

export const ATTENDEES = [
  attendee("m1", "Hélène Garnier", "EMPLOYER"),
  attendee("m2", "Marc Duval", "EMPLOYER"),
  attendee("m3", "Sonia Haddad", "EMPLOYEE"),
  attendee("m4", "Thierry Roux", "EMPLOYEE"),
];

interface SessionOptions {
  status?: "CONVENED" | "OPEN" | "CLOSED";
  attendees?: ReturnType<typeof attendee>[];
  parityProblem?: string | null;
  certificatesTotal?: number;
  certificatesIssued?: number;
  issuanceError?: string;
  issuanceStatus?: "PENDING" | "RUNNING" | "DONE" | "FAILED" | null;
  issuanceFailures?: { dossierId: string; message: string }[];
  certificationCodes?: string[];
}

export const NOT_PARITAIRE =
  "Jury non paritaire : 0 représentant(s) des employeurs et 0 des salariés présents (il en faut autant de chaque côté, au moins un).";

export function sessionFixture({
  status = "CONVENED",
  attendees = ATTENDEES,
  parityProblem = NOT_PARITAIRE,
  certificatesTotal = 0,
  certificatesIssued = 0,
  issuanceError = "",
  issuanceStatus = null,
  issuanceFailures = [],
  certificationCodes = ["CLEA"],
}: SessionOptions = {}) {
  return {
    __typename: "JurySession",
    id: "s1",
    title: "Jury CléA Île-de-France",
    certificationCodes,
    region: "Île-de-France",
    heldOn: "2030-06-12",
    place: "Paris",
    remote: false,
    startsAt: "09:00:00",
    endsAt: "12:30:00",
    interviews: false,
    status,
    parityProblem,
    certificatesTotal,
    certificatesIssued,
    issuanceError,
    issuanceStatus,
    issuanceFailures: issuanceFailures.map((failure) => ({ __typename: "CertificateIssuanceFailure", ...failure })),
    minutesUrl: status === "CLOSED" ? "/jury-sessions/s1/minutes.pdf" : null,
    minutesDocuments:
      status === "CLOSED"
        ? [
            {
              __typename: "JuryMinutesDocument",
              kind: "MINUTES",
              number: 0,
              sha256: "0".repeat(64),
              url: "/jury-sessions/s1/minutes.pdf",
              createdAt: "2030-06-12T17:00:00Z",
            },
          ]
        : [],
    revision: 1,
    attendees,
  } satisfies Fixture<JurySessionFieldsFragment>;
}

export const certificationsData = {
  data: {
    certifications: [
      { __typename: "Certification", code: "CLEA", title: "CléA", scale: BINARY_SCALE },
      { __typename: "Certification", code: "CLEA_NUMERIQUE", title: "CléA numérique", scale: PERCENT_SCALE },
    ],
  },
} satisfies { data: Fixture<JuryCertificationsQuery> };

export function readyDossier(dossierId: string, holderName: string, certificationCode = "CLEA") {
  return {
    __typename: "ReadyDossier",
    dossierId,
    holderName,
    organisationName: "Greta Lyon",
    region: "Île-de-France",
    certificationCode,
    readySince: "2030-05-02T10:00:00Z",
  };
}

export function decisionFixture(outcome: "CERTIFIED" | "NOT_CERTIFIED" | "POSTPONED" = "CERTIFIED", frozen = false) {
  return {
    __typename: "JuryDecision",
    id: "dec-1",
    outcome,
    reason: outcome === "CERTIFIED" ? "" : "Preuves insuffisantes sur le domaine 3.",
    decidedAt: "2030-06-12T10:30:00Z",
    frozen,
    revision: 1,
    recordedBy: "Sonia Haddad",
    presidedBy: { __typename: "JuryDecisionMember", memberId: "m3", fullName: "Sonia Haddad" },
    presentMembers: [
      { __typename: "JuryDecisionMember", memberId: "m2", fullName: "Marc Duval", side: "EMPLOYER" },
      { __typename: "JuryDecisionMember", memberId: "m3", fullName: "Sonia Haddad", side: "EMPLOYEE" },
    ],
    mode: "CONSENSUS",
    votesFor: null,
    votesAgainst: null,
    abstentions: null,
    criteriaAtIssue: outcome === "NOT_CERTIFIED" ? ["3"] : [],
    candidateComment: "",
    organisationComment: "",
    internalComment: "",
    obtainedAtFirstEvaluation: false,
    amendsId: null,
    effect: "",
  } satisfies Fixture<JuryDecisionFieldsFragment>;
}

export function agendaEntry({
  myRecusal = null as string | null,
  recusals = [] as { memberId: string; reason: string }[],
  decision = null as ReturnType<typeof decisionFixture> | null,
} = {}) {
  return {
    __typename: "JuryAgendaEntry",
    dossierId: "d1",
    organisationName: "Greta Lyon",
    certificationCode: "CLEA",
    holderName: "Léa DUPONT",
    dossierStatus: "submitted_to_jury",
    myRecusal,
    recusals: recusals.map((r) => ({ __typename: "JuryRecusal", ...r })),
    parityProblem: null,
    returnedReason: "",
    decision,
    amendments: [],
  };
}

export function juryDossierFixture({ recusal = null as string | null } = {}) {
  return {
    __typename: "JuryDossier",
    dossierId: "d1",
    holderName: "Léa DUPONT",
    organisationName: "Greta Lyon",
    certificationCode: "CLEA",
    recusal,
    evaluations: recusal
      ? []
      : [
          {
            __typename: "JuryEvaluation",
            kind: "initial",
            closedAt: "2030-03-10T15:00:00Z",
            mastery: { "1": { acquired: true, score: 1 }, "2": { acquired: false, score: 0 } },
            results: { "1.1.1": "acquis", "1.1.2": "acquis", "1.2.1": "acquis", "2.1.1": "non_acquis" },
          },
          {
            __typename: "JuryEvaluation",
            kind: "final",
            closedAt: "2030-05-02T10:00:00Z",
            mastery: { "2": { acquired: true, score: 1 } },
            results: { "2.1.1": "acquis" },
          },
        ],
    trainingOrganisation: recusal ? "" : "Greta Lyon",
    trainingHoursPlanned: recusal ? 0 : 12,
    trainingHoursDone: recusal ? 0 : 10.5,
  };
}

export const juryReferentielData = {
  data: {
    referentiel: {
      __typename: "ReferentielVersion",
      id: "v1",
      version: "2021",
      items: cleaItems.map((item) => ({ __typename: "ReferentielItem", ...item, parentCode: item.parentCode ?? null })),
    },
  },
} satisfies { data: Fixture<JuryReferentielQuery> };

export function certificateFixture({
  id = "c1",
  status = "VALID" as "VALID" | "REVOKED",
  paperRequestedAt = null as string | null,
  paperSentAt = null as string | null,
  holderName = "Léa Dupont",
} = {}) {
  return {
    __typename: "Certificate",
    id,
    dossierId: "d1",
    number: `CLEA-2030-00000${id.slice(1)}`,
    verificationCode: "ABCDE-FGHJK",
    certificationCode: "CLEA",
    certificationTitle: "CléA",
    holderName,
    referentielVersion: "2021",
    decidedOn: "2030-06-12",
    jurySessionLabel: "Jury CléA Île-de-France du 12/06/2030",
    organisationName: "Greta Lyon",
    issuedAt: "2030-06-12T12:00:00Z",
    status,
    revokedAt: status === "REVOKED" ? "2030-07-01T09:00:00Z" : null,
    revocationReason: status === "REVOKED" ? "Fraude à l’évaluation" : "",
    paperRequestedAt,
    paperSentAt,
    paperAddress: paperRequestedAt ? `${holderName}\n12 rue du Temple\n75003 Paris` : "",
    verifyUrl: "/verify/ABCDE-FGHJK",
    pdfUrl: `/documents/certificates/${id}.pdf`,
    badgeUrl: `/documents/certificates/${id}/badge.jwt`,
  } satisfies Fixture<CertificateFieldsFragment>;
}

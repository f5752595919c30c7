import { todayIso } from "../components/format";

// The dossier step of the new-dossier wizard: its values, the API's names of the
// interview's fields, and the checks made before calling the API.

export interface DossierValues {
  interviewOn: string;
  interviewAdviserId: string;
  interviewOutcome: string;
  certificationCode: string;
  siteId: string;
  prescriberType: string;
  prescriberName: string;
  financing: string;
  consent: boolean;
  consentToShare: boolean;
}

export const EMPTY_DOSSIER: DossierValues = {
  interviewOn: "",
  interviewAdviserId: "",
  interviewOutcome: "ORIENTED",
  certificationCode: "",
  siteId: "",
  prescriberType: "",
  prescriberName: "",
  financing: "",
  consent: false,
  consentToShare: false,
};

export const DOSSIER_FIELDS = Object.keys(EMPTY_DOSSIER) as (keyof DossierValues)[];

/** The API's names of the interview's fields, as the form calls them. */
export const INTERVIEW_FIELDS: Record<string, keyof DossierValues> = {
  heldOn: "interviewOn",
  adviserId: "interviewAdviserId",
  outcome: "interviewOutcome",
};

export const DOSSIER_VALIDATORS = {
  interviewOn: (value: string) => {
    if (!value) return "Indiquez la date de l’entretien d’information.";
    return value > todayIso() ? "L’entretien d’information ne peut pas être daté dans le futur." : null;
  },
  interviewAdviserId: (value: string) => (value ? null : "Indiquez le conseiller qui a mené l’entretien."),
  interviewOutcome: (value: string) => (value ? null : "Indiquez l’issue de l’entretien."),
  certificationCode: (value: string) => (value ? null : "Choisissez la certification."),
  siteId: (value: string) => (value ? null : "Choisissez le site."),
  prescriberType: (value: string) => (value ? null : "Indiquez qui a orienté le candidat."),
  financing: (value: string) => (value ? null : "Choisissez le financement."),
  consent: (value: boolean) =>
    value ? null : "Le consentement du candidat, recueilli lors de l’entretien, est obligatoire.",
};

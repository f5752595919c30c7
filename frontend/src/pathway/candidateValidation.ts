/**
 * Client-side checks of a new candidate, mirroring the API's
 * (`candidates/validation.py`); the server stays the authority.
 */

export interface CandidateValues {
  civility: string;
  birthName: string;
  usageName: string;
  firstNames: string;
  /** `YYYY-MM-DD`. */
  birthDate: string;
  bornAbroad: boolean;
  birthCountry: string;
  birthCity: string;
  birthPostalCode: string;
  email: string;
  phone: string;
  addressLine: string;
  postalCode: string;
  city: string;
  statusAtRegistration: string;
  educationLevel: string;
  professionalProject: string;
  /** A NAF section letter (A to U), or "" when not given. */
  professionalSector: string;
}

export const EMPTY_CANDIDATE: CandidateValues = {
  civility: "",
  birthName: "",
  usageName: "",
  firstNames: "",
  birthDate: "",
  bornAbroad: false,
  birthCountry: "France",
  birthCity: "",
  birthPostalCode: "",
  email: "",
  phone: "",
  addressLine: "",
  postalCode: "",
  city: "",
  statusAtRegistration: "",
  educationLevel: "",
  professionalProject: "",
  professionalSector: "",
};

export const CANDIDATE_FIELDS = Object.keys(EMPTY_CANDIDATE) as (keyof CandidateValues)[];

const FRENCH_PHONE = /^(?:\+33|0033|0)[1-9]\d{8}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const POSTAL_CODE = /^(?:0[1-9]|[1-8]\d|9[0-8])\d{3}$/;
export const MIN_AGE_YEARS = 16;
export const MAX_AGE_YEARS = 100;

export const POSTAL_CODE_MESSAGE = "Code postal invalide : 5 chiffres attendus (par exemple 75011).";

export function normalisePhone(phone: string): string {
  return phone.replace(/[\s.\-()]/g, "");
}

function requiredText(message: string) {
  return (value: string) => (value.trim() === "" ? message : null);
}

/** Birth date problems, as the server words them; `today` as `YYYY-MM-DD`. */
export function birthDateProblem(value: string, today: Date = new Date()): string | null {
  if (!value) return "La date de naissance est obligatoire.";
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return "Date invalide.";
  const birth = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const now = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  const age = (now - birth) / 86_400_000 / 365.25;
  if (birth > now || age > MAX_AGE_YEARS) {
    return "Date de naissance invraisemblable : vérifiez le jour, le mois et l’année.";
  }
  if (age < MIN_AGE_YEARS) return `Le candidat doit avoir au moins ${MIN_AGE_YEARS} ans.`;
  return null;
}

export const CANDIDATE_VALIDATORS = {
  civility: requiredText("Choisissez la civilité."),
  birthName: requiredText("Le nom de naissance est obligatoire."),
  firstNames: requiredText("Le prénom est obligatoire."),
  birthDate: (value: string) => birthDateProblem(value),
  birthCountry: requiredText("Le pays de naissance est obligatoire."),
  birthCity: requiredText("La commune de naissance est obligatoire."),
  bornAbroad: (value: boolean, values: CandidateValues) => {
    const country = values.birthCountry.trim().toLowerCase();
    if (!value && !["france", "fr", ""].includes(country)) {
      return "Pays de naissance étranger : cochez « Né(e) à l’étranger ».";
    }
    return null;
  },
  birthPostalCode: (value: string, values: CandidateValues) =>
    !values.bornAbroad && value.trim() && !POSTAL_CODE.test(value.trim()) ? POSTAL_CODE_MESSAGE : null,
  postalCode: (value: string) => (value.trim() && !POSTAL_CODE.test(value.trim()) ? POSTAL_CODE_MESSAGE : null),
  phone: (value: string) =>
    value.trim() && !FRENCH_PHONE.test(normalisePhone(value))
      ? "Numéro de téléphone invalide (exemple : 06 12 34 56 78 ou +33 6 12 34 56 78)."
      : null,
  email: (value: string) =>
    value.trim() && !EMAIL.test(value.trim()) ? "Adresse e-mail invalide (exemple : prenom.nom@exemple.fr)." : null,
  statusAtRegistration: requiredText("Choisissez la situation du candidat."),
  educationLevel: requiredText("Choisissez le niveau de diplôme."),
};

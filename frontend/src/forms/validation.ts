/** Client-side checks; the server remains the authority (its messages win). */

/** Minimum password length enforced by the API's password policy. */
export const PASSWORD_MIN_LENGTH = 12;

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function required(message: string) {
  return (value: unknown) =>
    (typeof value === "string" ? value.trim() === "" : value == null) ? message : null;
}

export function validateEmail(value: string): string | null {
  if (value.trim() === "") return "Saisissez une adresse e-mail.";
  if (!EMAIL_PATTERN.test(value.trim())) return "Adresse e-mail invalide (exemple : nom@domaine.fr).";
  return null;
}

export function validateNewPassword(value: string): string | null {
  if (value === "") return "Saisissez un mot de passe.";
  if (value.length < PASSWORD_MIN_LENGTH) {
    return `Le mot de passe doit contenir au moins ${PASSWORD_MIN_LENGTH} caractères.`;
  }
  return null;
}

export function validateConfirmation(confirmation: string, password: string): string | null {
  if (confirmation === "") return "Confirmez le mot de passe.";
  return confirmation === password ? null : "Les deux mots de passe ne correspondent pas.";
}

/** SIREN: 9 digits (spaces ignored); the server also checks the Luhn key. */
export function validateSiren(value: string): string | null {
  const digits = value.replace(/\s/g, "");
  if (digits === "") return "Saisissez le numéro SIREN.";
  return /^\d{9}$/.test(digits) ? null : "Le SIREN comporte 9 chiffres.";
}

/** SIRET: 14 digits (spaces ignored). */
export function validateSiret(value: string): string | null {
  const digits = value.replace(/\s/g, "");
  if (digits === "") return "Saisissez le numéro SIRET.";
  return /^\d{14}$/.test(digits) ? null : "Le SIRET comporte 14 chiffres.";
}

export function stripSpaces(value: string): string {
  return value.replace(/\s/g, "");
}

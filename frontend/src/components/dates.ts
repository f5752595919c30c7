/**
 * Days typed and read as jj/mm/aaaa whatever the browser's locale (a text field with
 * a mask, not `<input type="date">` whose format follows the browser). Values travel
 * as ISO `YYYY-MM-DD`, the API's `Date`.
 */

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const FRENCH_DAY = /^(\d{2})\/(\d{2})\/(\d{4})$/;

export const DAY_FORMAT_HINT = "jj/mm/aaaa";

export function isIsoDay(value: string): boolean {
  const match = ISO_DAY.exec(value);
  return match !== null && realDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

function realDay(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** "17/05/1984" from "1984-05-17"; anything else is returned unchanged (a text being typed). */
export function frenchDay(value: string): string {
  const match = ISO_DAY.exec(value);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : value;
}

/**
 * What the field shows while typing: digits only, slashes added after the day and
 * the month ("170519" → "17/05/19"); an ISO day pasted in becomes jj/mm/aaaa.
 */
export function maskDay(typed: string): string {
  const trimmed = typed.trim();
  if (ISO_DAY.test(trimmed)) return frenchDay(trimmed);
  // "5/3/2025": pad a one-digit day or month the person closed with a slash.
  const parts = trimmed.split(/[/.\-\s]+/);
  const digits =
    parts.length > 1 && parts.slice(0, -1).every((part) => /^\d{1,2}$/.test(part))
      ? parts.map((part, index) => (index < 2 && index < parts.length - 1 ? part.padStart(2, "0") : part)).join("")
      : trimmed.replace(/\D/g, "");
  const kept = digits.replace(/\D/g, "").slice(0, 8);
  if (kept.length <= 2) return kept;
  if (kept.length <= 4) return `${kept.slice(0, 2)}/${kept.slice(2)}`;
  return `${kept.slice(0, 2)}/${kept.slice(2, 4)}/${kept.slice(4)}`;
}

export type ParsedDay = { iso: string; error: null } | { iso: null; error: string | null };

/**
 * Reads a jj/mm/aaaa text: its ISO day, or a French explanation of what is wrong
 * (`error: null` for an empty text).
 */
export function parseDay(text: string): ParsedDay {
  const value = text.trim();
  if (value === "") return { iso: null, error: null };
  if (isIsoDay(value)) return { iso: value, error: null };
  const match = FRENCH_DAY.exec(value);
  if (!match) {
    return { iso: null, error: `Date incomplète : saisissez-la au format ${DAY_FORMAT_HINT} (exemple : 05/03/2025).` };
  }
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12) {
    return { iso: null, error: `Le mois ${match[2]} n’existe pas : saisissez un mois entre 01 et 12.` };
  }
  if (year < 1900) return { iso: null, error: `L’année ${match[3]} n’est pas plausible : vérifiez-la.` };
  if (!realDay(year, month, day)) return { iso: null, error: `Le ${value} n’existe pas : vérifiez le jour et le mois.` };
  return { iso: `${match[3]}-${match[2]}-${match[1]}`, error: null };
}

/** The French error for a field's value (ISO, empty, or text being typed); null when fine. */
export function dayError(value: string): string | null {
  return parseDay(frenchDay(value)).error;
}

/** "12 mars 2026" from a calendar day (`YYYY-MM-DD`), read as a day (no time zone shift). */
export function longDay(day: string | null | undefined): string {
  if (!day) return "—";
  const [year, month, date] = day.slice(0, 10).split("-").map(Number);
  if (!year || !month || !date) return "—";
  return new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "UTC" }).format(
    new Date(Date.UTC(year, month - 1, date)),
  );
}

/** "9 h 00" from "09:00:00". */
export function clock(time: string): string {
  const [hours, minutes] = time.split(":");
  return `${Number(hours)} h ${minutes ?? "00"}`;
}

/** The time left in the 5-year window, in words: "4 ans et 11 mois", "20 jours". */
export function timeLeft(days: number): string {
  if (days <= 0) return "Le délai est dépassé";
  const years = Math.floor(days / 365);
  const months = Math.floor((days % 365) / 30);
  if (years === 0 && months === 0) return `${days} jour${days > 1 ? "s" : ""}`;
  const parts = [];
  if (years > 0) parts.push(`${years} an${years > 1 ? "s" : ""}`);
  if (months > 0) parts.push(`${months} mois`);
  return parts.join(" et ");
}

/** A transaction code in groups of three digits ("482 913"): easier to read and to type. */
export function spacedCode(code: string): string {
  return code.replace(/(\d{3})(?=\d)/g, "$1 ");
}

/** A code as a screen reader should say it: one digit at a time ("4 8 2 9 1 3"). */
export function digitByDigit(code: string): string {
  return code.split("").join(" ");
}

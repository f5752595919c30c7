/**
 * Every date is shown jj/mm/aaaa whatever the browser's locale (the same text as
 * typed in a `DateField`): `formatDay` for a day, `formatDayTime` with the time.
 */

/** "12/03/2025 à 14:05" (local time); "—" when missing or invalid. */
export function formatDateTime(iso: string | null | undefined): string {
  return formatDayTime(iso);
}

/** "12/03/2025"; "—" when missing or invalid. */
export function formatDate(iso: string | null | undefined): string {
  return formatDay(iso);
}

/**
 * `YYYY-MM-DD` from an `<input type="date">` → ISO date-time at the start
 * (or the end) of that day in local time; null when empty or invalid.
 */
export function dayBoundary(day: string, boundary: "start" | "end"): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const time = boundary === "start" ? "T00:00:00" : "T23:59:59.999";
  const date = new Date(`${day}${time}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})/;

/**
 * "01/03/2025" from a `Date` (`YYYY-MM-DD`, read as a calendar day, no time
 * zone shift) or a `DateTime` (local day); "—" when missing or invalid.
 */
export function formatDay(value: string | null | undefined): string {
  if (!value) return "—";
  if (value.length === 10) {
    const match = DAY_PATTERN.exec(value);
    return match ? `${match[3]}/${match[2]}/${match[1]}` : "—";
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return "—";
  return new Intl.DateTimeFormat("fr-FR", { day: "2-digit", month: "2-digit", year: "numeric" }).format(date);
}

/** "01/03/2025 à 14:05" (local time); "—" when missing or invalid. */
export function formatDayTime(value: string | null | undefined): string {
  if (!value) return "—";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return "—";
  const time = new Intl.DateTimeFormat("fr-FR", { hour: "2-digit", minute: "2-digit" }).format(date);
  return `${formatDay(value)} à ${time}`;
}

/** Today as `YYYY-MM-DD` in local time (the value of a `DateField`). */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** "7 h", "3 h 30", "45 min" from minutes. */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, "0")}`;
}

/** "12,5 h" (French decimal comma). */
export function formatHours(hours: number): string {
  return `${hours.toLocaleString("fr-FR", { maximumFractionDigits: 2 })} h`;
}

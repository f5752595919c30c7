/** "12 mars 2025 à 14:05" (fr-FR, local time); "—" when missing or invalid. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "—";
  return new Intl.DateTimeFormat("fr-FR", { dateStyle: "medium", timeStyle: "short" }).format(date);
}

/** "12 mars 2025" (fr-FR); "—" when missing or invalid. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "—";
  return new Intl.DateTimeFormat("fr-FR", { dateStyle: "medium" }).format(date);
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

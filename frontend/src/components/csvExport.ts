/**
 * The CSV export of a list screen: the same URL parameters as the screen (its filters,
 * search and sort), without the pages (the export is the whole filtered list).
 */
export function exportHref(path: string, params: URLSearchParams): string {
  const kept = new URLSearchParams(params);
  kept.delete("pages");
  const query = kept.toString();
  return query ? `${path}?${query}` : path;
}

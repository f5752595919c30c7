/** Query parameter carrying where to go back after logging in. */
export const NEXT_PARAM = "suivant";

/** `/connexion?suivant=<path>` (no parameter for `/` or the login page itself). */
export function loginPath(next?: string): string {
  if (!next || next === "/" || next.startsWith("/connexion")) return "/connexion";
  return `/connexion?${NEXT_PARAM}=${encodeURIComponent(next)}`;
}

/** Only same-origin absolute paths are accepted as a post-login target. */
export function safeNextPath(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) {
    return "/";
  }
  return value;
}

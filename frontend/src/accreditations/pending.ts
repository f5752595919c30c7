import type { Viewer } from "../auth/session";

/** The active organisation awaits its accreditation (status PENDING, from the memberships). */
export function isActiveOrganisationPending(viewer: Viewer | null | undefined): boolean {
  const active = viewer?.activeOrganisation;
  if (!active) return false;
  const membership = viewer.memberships.find((m) => m.organisation.id === active.id);
  return membership?.organisation.status === "PENDING";
}

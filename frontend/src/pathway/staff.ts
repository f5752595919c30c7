import { useQuery } from "urql";
import type { StaffRole } from "../gql/graphql";
import { OrganisationStaffQuery } from "./documents";

export interface StaffMember {
  id: string;
  displayName: string;
  roles: readonly StaffRole[];
}

/** The organisation's evaluators or trainers (`organisationStaff`), by name. */
export function useStaff(role: StaffRole | null, { pause = false }: { pause?: boolean } = {}) {
  const [{ data, fetching, error }] = useQuery({
    query: OrganisationStaffQuery,
    variables: { role },
    pause,
  });
  return { staff: (data?.organisationStaff ?? []) as readonly StaffMember[], fetching, error };
}

/**
 * Choices of a person picker: the staff by name ("(vous)" for the viewer), and
 * the current value even when it is no longer in the list (so it stays visible).
 */
export function staffOptions(
  staff: readonly StaffMember[],
  { current, viewerId }: { current?: string | null; viewerId?: string | null } = {},
): { value: string; label: string }[] {
  const options = staff.map((person) => ({
    value: person.id,
    label: person.id === viewerId ? `${person.displayName} (vous)` : person.displayName,
  }));
  if (current && !staff.some((person) => person.id === current)) {
    options.push({ value: current, label: "Personne qui n’est plus dans la liste" });
  }
  return options;
}

/** A person's name from the list, or null. */
export function staffName(staff: readonly StaffMember[], id: string): string | null {
  return staff.find((person) => person.id === id)?.displayName ?? null;
}

import { Select } from "@mantine/core";
import { SwitchOrganisationMutation } from "../auth/documents";
import { isCertifProAdmin, useSession, type Viewer } from "../auth/session";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";

/** Select value standing for "no active organisation" (platform-level work). */
export const NO_ORGANISATION = "__plateforme__";
export const NO_ORGANISATION_LABEL = "Aucune (niveau plateforme)";

/** Options: the viewer's organisations, plus "none" for Certif'Pro admins. */
export function organisationOptions(viewer: Viewer) {
  const seen = new Set<string>();
  const options: { value: string; label: string }[] = [];
  for (const membership of viewer.memberships) {
    const { id, name } = membership.organisation;
    if (seen.has(id)) continue;
    seen.add(id);
    options.push({ value: id, label: name });
  }
  options.sort((a, b) => a.label.localeCompare(b.label, "fr"));
  if (isCertifProAdmin(viewer)) options.push({ value: NO_ORGANISATION, label: NO_ORGANISATION_LABEL });
  return options;
}

/**
 * "Organisation active" select in the header: switching calls
 * `switchOrganisation` then drops every cached result so pages refetch.
 */
export function OrganisationSwitcher({ viewer, fullWidth = false }: { viewer: Viewer; fullWidth?: boolean }) {
  const { resetSession } = useSession();
  const switchOrganisation = useMutationWithErrors(SwitchOrganisationMutation, (data) => data.switchOrganisation);
  const options = organisationOptions(viewer);
  if (options.length === 0) return null;
  const current = viewer.activeOrganisation?.id ?? (isCertifProAdmin(viewer) ? NO_ORGANISATION : null);

  async function onChange(value: string | null) {
    if (!value || value === current) return;
    const outcome = await switchOrganisation.run({
      organisationId: value === NO_ORGANISATION ? null : value,
    });
    // Switched unless refused (an answer without payload counts as switched).
    if (!outcome.ok && outcome.general.length > 0) return;
    resetSession();
  }

  return (
    <Select
      aria-label="Organisation active"
      placeholder="Choisir une organisation"
      data={options}
      value={current}
      onChange={(value) => void onChange(value)}
      allowDeselect={false}
      disabled={switchOrganisation.fetching}
      error={switchOrganisation.general.join(" ") || null}
      w={fullWidth ? "100%" : { base: 180, md: 240 }}
      comboboxProps={{ withinPortal: true }}
      data-testid="organisation-switcher"
    />
  );
}

import { Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useViewer } from "../auth/session";
import { pageTitle } from "../branding";

/** h1 of an `/organisation/*` page, with the active organisation's name. */
export function OrganisationPageHeader({ title }: { title: string }) {
  const { viewer } = useViewer();
  const organisation = viewer?.activeOrganisation?.name;
  useDocumentTitle(pageTitle(organisation ? `${title} · ${organisation}` : title));
  return (
    <div>
      <Title order={1}>{title}</Title>
      {organisation && (
        <Text mt={4} data-testid="active-organisation">
          Organisation : <Text span fw={700}>{organisation}</Text>
        </Text>
      )}
    </div>
  );
}

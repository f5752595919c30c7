import { Anchor, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { Link } from "react-router";
import { pageTitle } from "../branding";

/** Any unknown route. */
export function NotFoundPage() {
  useDocumentTitle(pageTitle("Page introuvable"));
  return (
    <Stack gap="md" data-testid="not-found">
      <Title order={1}>Page introuvable</Title>
      <Text>Erreur 404 : la page demandée n’existe pas ou a été déplacée.</Text>
      <Anchor component={Link} to="/certifications">
        Retour à la liste des certifications
      </Anchor>
    </Stack>
  );
}

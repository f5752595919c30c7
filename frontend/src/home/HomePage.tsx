import { Stack, Text, Title } from "@mantine/core";
import { isCertifProAdmin, isOrgAdmin, userDisplayName, useViewer } from "../auth/session";
import { LoadingState } from "../components/LoadingState";
import { JurySection, NationalSection, OrganisationSection, WorkSections } from "./sections";

/**
 * The landing page after login: one block per role the viewer holds. Each block is one
 * GraphQL request (the work of advisers, evaluators and trainers shares one), so a
 * page sends at most three: work, organisation or national figures, jury.
 */
export function HomePage() {
  const { viewer, loading } = useViewer();
  if (loading || !viewer) return <LoadingState label="Chargement…" />;
  const roles = viewer.activeOrganisation ? viewer.activeRoles : [];
  const adviser = roles.includes("ADVISER");
  const evaluator = roles.includes("EVALUATOR");
  const trainer = roles.includes("TRAINER");
  const nothing =
    !adviser && !evaluator && !trainer && !isOrgAdmin(viewer) && !isCertifProAdmin(viewer) && !viewer.juryMember;
  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>Accueil</Title>
        <Text>
          Bonjour {userDisplayName(viewer)}
          {viewer.activeOrganisation ? ` — ${viewer.activeOrganisation.name}` : ""}
        </Text>
      </div>
      {(adviser || evaluator || trainer) && <WorkSections adviser={adviser} evaluator={evaluator} trainer={trainer} />}
      {isOrgAdmin(viewer) && <OrganisationSection />}
      {isCertifProAdmin(viewer) && <NationalSection />}
      {viewer.juryMember && <JurySection />}
      {nothing && <Text>Rien à signaler pour l’instant : consultez les dossiers depuis le menu.</Text>}
    </Stack>
  );
}

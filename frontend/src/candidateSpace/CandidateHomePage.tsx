import { Alert, Button, Card, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { Link, Navigate } from "react-router";
import { pageTitle } from "../branding";
import { LoadingState } from "../components/LoadingState";
import { QueryError } from "../components/QueryError";
import { paths } from "./paths";
import { useCandidateSpace } from "./useCandidateSpace";

/** `/espace-candidat`: hello, and one card per dossier with one button. */
export function CandidateHomePage() {
  useDocumentTitle(pageTitle("Mon espace"));
  const { space, fetching, error, signedOut } = useCandidateSpace();
  if (signedOut) return <Navigate to={paths.requestLink} replace />;
  if (error) return <QueryError message="Votre espace n’a pas pu être chargé. Réessayez plus tard." error={error} />;
  if (fetching || !space) return <LoadingState label="Chargement de votre espace…" />;
  return (
    <Stack gap="lg" component="section" aria-labelledby="accueil-titre">
      <Title order={1} id="accueil-titre">
        Bonjour {space.firstName}
      </Title>
      {(space.followUps ?? []).map((followUp) => (
        <Card key={followUp.id} withBorder padding="lg" component="article" aria-labelledby={`s-${followUp.id}`}>
          <Stack gap="sm">
            <Title order={2} size="h3" id={`s-${followUp.id}`}>
              Que devenez-vous ?
            </Title>
            <Text fz="lg">
              Vous avez obtenu {followUp.certificationTitle} il y a {followUp.wave} mois, avec{" "}
              {followUp.organisationName}. Trois questions, si vous le voulez bien.
            </Text>
            <Button component={Link} to={`/suivi-certifies?questionnaire=${followUp.id}`} size="lg" variant="light">
              Répondre aux trois questions
            </Button>
          </Stack>
        </Card>
      ))}
      {space.dossiers.length === 0 ? (
        <Alert color="blue" variant="light" title="Pas encore de dossier">
          <Text fz="lg">Vous n'avez pas de dossier ouvert. Parlez-en avec votre conseiller.</Text>
        </Alert>
      ) : (
        space.dossiers.map((dossier) => (
          <Card key={dossier.id} withBorder padding="lg" component="article" aria-labelledby={`d-${dossier.id}`}>
            <Stack gap="sm">
              <Title order={2} size="h3" id={`d-${dossier.id}`}>
                {dossier.certificationTitle}
              </Title>
              <Text fz="lg">Avec {dossier.organisationName}.</Text>
              <Text fz="lg" fw={700}>
                Où j'en suis : {dossier.stepTitle}
              </Text>
              <Button component={Link} to={paths.dossier(dossier.id)} size="lg">
                Voir mon parcours
              </Button>
            </Stack>
          </Card>
        ))
      )}
    </Stack>
  );
}

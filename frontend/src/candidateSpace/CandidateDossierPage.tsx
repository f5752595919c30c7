import { Alert, Anchor, Button, Card, List, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import type { ReactNode } from "react";
import { Link, Navigate, useParams } from "react-router";
import { pageTitle } from "../branding";
import { LoadingState } from "../components/LoadingState";
import { QueryError } from "../components/QueryError";
import { clock, longDay, timeLeft } from "./format";
import { paths } from "./paths";
import { useCandidateSpace } from "./useCandidateSpace";

function Block({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={id}>
      <Stack gap="xs">
        <Title order={2} size="h3" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}

/** `/espace-candidat/dossiers/:id`: where I stand, what comes next, who to call. */
export function CandidateDossierPage() {
  useDocumentTitle(pageTitle("Mon parcours"));
  const { id = "" } = useParams();
  const { space, fetching, error, signedOut } = useCandidateSpace();
  if (signedOut) return <Navigate to={paths.requestLink} replace />;
  if (error) return <QueryError message="Votre espace n’a pas pu être chargé. Réessayez plus tard." error={error} />;
  if (fetching || !space) return <LoadingState label="Chargement de votre parcours…" />;
  const dossier = space.dossiers.find((d) => d.id === id);
  if (!dossier) {
    return (
      <Stack gap="md">
        <Title order={1}>Dossier introuvable</Title>
        <Anchor component={Link} to={paths.home} fz="lg">
          Revenir à mon espace
        </Anchor>
      </Stack>
    );
  }
  return (
    <Stack gap="lg">
      <Title order={1}>Mon parcours {dossier.certificationTitle}</Title>

      <Block id="etape" title={`Où j'en suis : ${dossier.stepTitle}`}>
        <Text fz="lg">{dossier.stepNow}</Text>
        <Text fz="lg">{dossier.stepNext}</Text>
      </Block>

      <Block id="contact" title="Qui contacter">
        <Text fz="lg">
          Votre conseiller : <strong>{dossier.adviserName || "votre organisme"}</strong>.
        </Text>
        <Text fz="lg">{dossier.organisationName}</Text>
        {dossier.siteAddress && <Text fz="lg">{dossier.siteAddress}</Text>}
        {dossier.sitePhone && (
          <Text fz="lg">
            Téléphone : <Anchor href={`tel:${dossier.sitePhone.replace(/\s/g, "")}`}>{dossier.sitePhone}</Anchor>
          </Text>
        )}
      </Block>

      <Block id="dates" title="Mes dates d'évaluation">
        <Text fz="md">
          L'évaluation préalable montre ce que vous savez déjà faire. Ce n'est pas un examen.
        </Text>
        {dossier.sittings.length === 0 ? (
          <Text fz="lg">Pas encore de date. Votre conseiller vous la donnera.</Text>
        ) : (
          <List fz="lg" spacing="xs">
            {dossier.sittings.map((s) => (
              <List.Item key={`${s.day}-${s.startsAt}`}>
                {s.kindLabel} : le {longDay(s.day)}, de {clock(s.startsAt)} à {clock(s.endsAt)}, à {s.place}.
              </List.Item>
            ))}
          </List>
        )}
      </Block>

      <Block id="acquis" title="Ce que je sais déjà faire">
        <Text fz="md">
          Un domaine acquis est une partie du certificat que vous avez déjà réussie.
        </Text>
        {dossier.acquiredDomains.length === 0 ? (
          <Text fz="lg">Pas encore de domaine acquis.</Text>
        ) : (
          <List fz="lg" spacing="xs">
            {dossier.acquiredDomains.map((title) => (
              <List.Item key={title}>{title}</List.Item>
            ))}
          </List>
        )}
      </Block>

      {dossier.training && (
        <Block id="formation" title="Ma formation">
          <Text fz="lg">Avec {dossier.training.organisationName}.</Text>
          <Text fz="lg">
            Du {longDay(dossier.training.startsOn)} au {longDay(dossier.training.endsOn)}.
          </Text>
          <Text fz="lg">Jours de formation faits : {dossier.training.daysDone.length}.</Text>
        </Block>
      )}

      {dossier.daysLeft !== null && dossier.daysLeft !== undefined && (
        <Block id="delai" title="Le temps qu'il me reste">
          <Text fz="md">
            Après l'évaluation préalable, vous avez 5 ans pour finir.
          </Text>
          <Text fz="lg" fw={700}>
            {timeLeft(dossier.daysLeft)} (jusqu'au {longDay(dossier.windowEndsOn)}).
          </Text>
        </Block>
      )}

      {dossier.status === "certified" && (
        <Alert color="green" variant="light" title="Bravo !">
          <Text fz="lg">Vous avez le certificat.</Text>
        </Alert>
      )}
      <Button component={Link} to={paths.documents(dossier.id)} size="lg">
        Voir mes documents
      </Button>
    </Stack>
  );
}

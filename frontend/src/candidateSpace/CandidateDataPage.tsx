import { Anchor, Button, Card, List, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useState } from "react";
import { Link, Navigate } from "react-router";
import { useClient, useQuery } from "urql";
import { pageTitle } from "../branding";
import { FormAlert } from "../components/FormAlert";
import { LoadingState } from "../components/LoadingState";
import { QueryError } from "../components/QueryError";
import { CandidateDataAccessesQuery, CandidateDataExportQuery } from "./documents";
import { longDay } from "./format";
import { paths } from "./paths";
import { useCandidateSpace } from "./useCandidateSpace";

/** `/espace-candidat/mes-donnees`: my data, who holds it, who looked at it, my rights. */
export function CandidateDataPage() {
  useDocumentTitle(pageTitle("Mes données"));
  const { space, fetching, error, signedOut } = useCandidateSpace();
  const [accesses] = useQuery({ query: CandidateDataAccessesQuery });
  const client = useClient();
  const [downloadError, setDownloadError] = useState<string | null>(null);
  if (signedOut) return <Navigate to={paths.requestLink} replace />;
  if (error) return <QueryError message="Votre espace n’a pas pu être chargé. Réessayez plus tard." error={error} />;
  if (fetching || !space) return <LoadingState label="Chargement de vos données…" />;

  async function download() {
    setDownloadError(null);
    const result = await client.query(CandidateDataExportQuery, {}, { requestPolicy: "network-only" }).toPromise();
    if (!result.data) {
      setDownloadError("Le téléchargement n'a pas marché. Réessayez plus tard.");
      return;
    }
    const blob = new Blob([JSON.stringify(result.data.candidateDataExport.data, null, 2)], {
      type: "application/json",
    });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "mes-donnees-clea.json";
    link.click();
    URL.revokeObjectURL(link.href);
  }

  return (
    <Stack gap="lg">
      <Title order={1}>Mes données</Title>
      <Text fz="lg">La loi (le RGPD) vous donne des droits sur vos données personnelles.</Text>

      <Card withBorder padding="lg" component="section" aria-labelledby="qui-garde">
        <Stack gap="sm">
          <Title order={2} size="h3" id="qui-garde">
            Qui garde mes données
          </Title>
          <List fz="lg" spacing="xs">
            {space.dossiers.map((dossier) => (
              <List.Item key={dossier.id}>
                {dossier.organisationName}, pour {dossier.certificationTitle}. Vous avez donné votre accord le{" "}
                {longDay(dossier.consentAt)}.{" "}
                <Anchor component={Link} to={paths.correction(dossier.id)}>
                  Demander une correction
                </Anchor>
              </List.Item>
            ))}
          </List>
        </Stack>
      </Card>

      <Card withBorder padding="lg" component="section" aria-labelledby="telecharger">
        <Stack gap="sm">
          <Title order={2} size="h3" id="telecharger">
            Télécharger mes données
          </Title>
          <Text fz="lg">Vous recevez un document avec toutes vos données, à lire ou à imprimer (PDF).</Text>
          <Button component="a" href="/documents/candidate-space/mes-donnees.pdf" size="lg" download>
            Télécharger mes données (PDF)
          </Button>
          <Text fz="lg">Pour un autre service ou un logiciel : le même contenu en fichier de données (JSON).</Text>
          <FormAlert messages={[downloadError]} title="Téléchargement impossible" />
          <Button size="lg" variant="light" onClick={() => void download()}>
            Télécharger mes données (JSON)
          </Button>
        </Stack>
      </Card>

      <Card withBorder padding="lg" component="section" aria-labelledby="consultations">
        <Stack gap="sm">
          <Title order={2} size="h3" id="consultations">
            Qui a consulté mon dossier
          </Title>
          {accesses.fetching ? (
            <LoadingState label="Chargement…" />
          ) : (accesses.data?.candidateDataAccesses ?? []).length === 0 ? (
            <Text fz="lg">Personne pour l'instant.</Text>
          ) : (
            <List fz="lg" spacing="xs">
              {accesses.data?.candidateDataAccesses.map((access) => (
                <List.Item key={access.organisationName}>
                  {access.organisationName} (dernière fois le {longDay(access.lastAccessAt)})
                </List.Item>
              ))}
            </List>
          )}
        </Stack>
      </Card>
    </Stack>
  );
}

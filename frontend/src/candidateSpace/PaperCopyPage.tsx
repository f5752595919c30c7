import { Alert, Anchor, Button, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useState } from "react";
import { Link, Navigate, useParams } from "react-router";
import { pageTitle } from "../branding";
import { FormAlert } from "../components/FormAlert";
import { LoadingState } from "../components/LoadingState";
import { QueryError } from "../components/QueryError";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { RequestMyPaperCopyMutation } from "./documents";
import { paths } from "./paths";
import { useCandidateSpace } from "./useCandidateSpace";

/** `/espace-candidat/dossiers/:id/copie-papier`: confirm the address, one button. */
export function PaperCopyPage() {
  useDocumentTitle(pageTitle("Copie papier"));
  const { id = "" } = useParams();
  const { space, fetching, error, signedOut, refetch } = useCandidateSpace();
  const [done, setDone] = useState(false);
  const request = useMutationWithErrors(RequestMyPaperCopyMutation, (data) => data.requestMyPaperCopy, {
    succeeded: (payload) => payload.ok,
  });
  if (signedOut) return <Navigate to={paths.requestLink} replace />;
  if (error) return <QueryError message="Votre espace n’a pas pu être chargé. Réessayez plus tard." error={error} />;
  if (fetching || !space) return <LoadingState label="Chargement…" />;
  const certificate = space.dossiers.find((d) => d.id === id)?.certificate;
  if (!certificate) return <Navigate to={paths.home} replace />;
  return (
    <Stack gap="lg" component="section" aria-labelledby="papier-titre">
      <Title order={1} id="papier-titre">
        Recevoir mon certificat sur papier
      </Title>
      {done ? (
        <Alert color="green" variant="light" title="C'est demandé" role="status">
          <Text fz="lg">Votre demande est envoyée. La copie arrive par la poste.</Text>
        </Alert>
      ) : !certificate.paperAddress ? (
        <Alert color="orange" variant="light" title="Adresse inconnue">
          <Text fz="lg">Nous n'avons pas votre adresse postale. Demandez à votre conseiller de l'ajouter.</Text>
        </Alert>
      ) : (
        <>
          <Text fz="lg">La copie papier partira à cette adresse :</Text>
          <Text fz="lg" fw={700} style={{ whiteSpace: "pre-line" }}>
            {certificate.paperAddress}
          </Text>
          <Text fz="lg">Ce n'est pas la bonne adresse ? Demandez une correction dans « Mes données ».</Text>
          <FormAlert messages={request.general} title="Demande impossible" />
          <Button
            size="lg"
            loading={request.fetching}
            onClick={async () => {
              const outcome = await request.run({ certificateId: certificate.id });
              if (outcome.ok) {
                setDone(true);
                refetch();
              }
            }}
          >
            Oui, envoyez-moi la copie papier
          </Button>
        </>
      )}
      <Anchor component={Link} to={paths.documents(id)} fz="lg">
        Revenir à mes documents
      </Anchor>
    </Stack>
  );
}

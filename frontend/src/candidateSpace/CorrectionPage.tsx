import { Alert, Anchor, Button, Stack, Text, Textarea, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useState, type FormEvent } from "react";
import { Link, useParams } from "react-router";
import { pageTitle } from "../branding";
import { FormAlert } from "../components/FormAlert";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { RequestDataCorrectionMutation } from "./documents";
import { paths } from "./paths";

/** `/espace-candidat/dossiers/:id/correction`: one field, one button. */
export function CorrectionPage() {
  useDocumentTitle(pageTitle("Demander une correction"));
  const { id = "" } = useParams();
  const [message, setMessage] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [done, setDone] = useState(false);
  const request = useMutationWithErrors(RequestDataCorrectionMutation, (data) => data.requestDataCorrection, {
    fields: ["message"] as const,
    onFieldErrors: (byField) => setError(byField.message),
    succeeded: (payload) => payload.ok,
  });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    const outcome = await request.run({ dossierId: id, message });
    if (outcome.ok) setDone(true);
  }

  return (
    <Stack gap="lg" component="section" aria-labelledby="correction-titre">
      <Title order={1} id="correction-titre">
        Demander une correction
      </Title>
      {done ? (
        <Alert color="green" variant="light" title="Demande envoyée" role="status">
          <Text fz="lg">Votre organisme a reçu votre demande. Il va corriger vos données.</Text>
        </Alert>
      ) : (
        <form onSubmit={onSubmit} noValidate aria-label="Demande de correction">
          <Stack gap="md">
            <Text fz="lg">Une information est fausse ? Dites-nous ce qu'il faut corriger.</Text>
            <FormAlert messages={request.general} title="Demande impossible" />
            <Textarea
              size="lg"
              label="Ce qu'il faut corriger"
              description="Par exemple : « Mon nom s'écrit Dupont. »"
              autosize
              minRows={3}
              required
              value={message}
              error={error}
              onChange={(event) => setMessage(event.currentTarget.value)}
            />
            <Button type="submit" size="lg" loading={request.fetching}>
              Envoyer ma demande
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to={paths.data} fz="lg">
        Revenir à mes données
      </Anchor>
    </Stack>
  );
}

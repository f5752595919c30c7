import { Alert, Anchor, Button, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { pageTitle } from "../branding";
import { FormAlert } from "../components/FormAlert";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { RequestCandidateSignInLinkMutation } from "./documents";
import { paths } from "./paths";

/**
 * `/espace-candidat/lien`: the candidate gives their e-mail address and receives a link.
 * The answer is the same whether the address is known or not.
 */
export function RequestLinkPage() {
  useDocumentTitle(pageTitle("Recevoir un lien de connexion"));
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [sent, setSent] = useState(false);
  const request = useMutationWithErrors(
    RequestCandidateSignInLinkMutation,
    (data) => data.requestCandidateSignInLink,
    { fields: ["email"] as const, onFieldErrors: (byField) => setError(byField.email) },
  );

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!email.includes("@")) {
      setError("Écrivez votre adresse e-mail. Par exemple : lea.martin@exemple.fr");
      return;
    }
    setError(undefined);
    const outcome = await request.run({ email: email.trim() });
    if (outcome.ok) setSent(true);
  }

  return (
    <Stack gap="lg" component="section" aria-labelledby="lien-titre">
      <Title order={1} id="lien-titre">
        Recevoir un lien de connexion
      </Title>
      {sent ? (
        <Alert color="green" variant="light" title="Regardez vos e-mails" role="status">
          <Stack gap="xs">
            <Text fz="lg">Si cette adresse est connue, un lien arrive dans quelques minutes.</Text>
            <Text fz="lg">Le lien marche une seule fois, pendant 15 minutes.</Text>
          </Stack>
        </Alert>
      ) : (
        <form onSubmit={onSubmit} noValidate aria-label="Demande de lien de connexion">
          <Stack gap="md">
            <Text fz="lg">Vous n'avez pas de mot de passe. Nous vous envoyons un lien par e-mail.</Text>
            <FormAlert messages={request.general} title="Demande impossible" />
            <TextInput
              size="lg"
              label="Votre adresse e-mail"
              description="L'adresse que vous avez donnée à votre conseiller."
              type="email"
              autoComplete="email"
              required
              value={email}
              error={error}
              onChange={(event) => setEmail(event.currentTarget.value)}
            />
            <Button type="submit" size="lg" loading={request.fetching}>
              Recevoir mon lien
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to={paths.smsCode} fz="lg">
        Vous préférez recevoir un code par SMS ?
      </Anchor>
    </Stack>
  );
}

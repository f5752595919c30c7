import { Alert, Anchor, Button, Stack, Text, TextInput } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useMutation } from "urql";
import { pageTitle } from "../branding";
import { FormAlert } from "../components/FormAlert";
import { hasErrors, useForm } from "../forms/useForm";
import { validateEmail } from "../forms/validation";
import { useOperationErrors } from "../graphql/useOperationErrors";
import { AuthCard } from "./AuthCard";
import { RequestPasswordResetMutation } from "./documents";

export const RESET_REQUESTED_MESSAGE = "Si un compte existe, un e-mail a été envoyé.";

/** `/mot-de-passe-oublie`: asks for a reset link (no account enumeration). */
export function ForgotPasswordPage() {
  useDocumentTitle(pageTitle("Mot de passe oublié"));
  const form = useForm({ email: "" }, { email: validateEmail });
  const [{ fetching }, requestReset] = useMutation(RequestPasswordResetMutation);
  const handleErrors = useOperationErrors();
  const [sent, setSent] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    if (hasErrors(form.validate())) return;
    const result = await requestReset({ email: form.values.email.trim() });
    const topLevel = handleErrors(result.error);
    if (topLevel) {
      setFailure(topLevel);
      return;
    }
    setSent(true);
  }

  return (
    <AuthCard title="Mot de passe oublié">
      {sent ? (
        <Alert color="blue" variant="light" title="Demande enregistrée" role="status">
          <Text size="sm">{RESET_REQUESTED_MESSAGE}</Text>
        </Alert>
      ) : (
        <form onSubmit={onSubmit} noValidate aria-label="Demande de réinitialisation">
          <Stack gap="sm">
            <Text size="sm">
              Saisissez l’adresse e-mail de votre compte : vous recevrez un lien pour choisir un
              nouveau mot de passe.
            </Text>
            <FormAlert messages={[failure]} title="Envoi impossible" />
            <TextInput
              label="Adresse e-mail"
              type="email"
              autoComplete="email"
              required
              {...form.textField("email")}
            />
            <Button type="submit" loading={fetching}>
              Envoyer le lien
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/connexion" size="sm">
        Retour à la connexion
      </Anchor>
    </AuthCard>
  );
}

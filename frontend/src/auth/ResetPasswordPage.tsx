import { Alert, Anchor, Button, PasswordInput, Stack, Text } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import { pageTitle } from "../branding";
import { FormAlert } from "../components/FormAlert";
import { hasErrors, useForm } from "../forms/useForm";
import { PASSWORD_MIN_LENGTH, validateConfirmation, validateNewPassword } from "../forms/validation";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { AuthCard } from "./AuthCard";
import { ResetPasswordMutation } from "./documents";

const FIELDS = ["newPassword"] as const;
const VALIDATORS = {
  newPassword: validateNewPassword,
  confirmation: (value: string, values: { newPassword: string }) =>
    validateConfirmation(value, values.newPassword),
};

/** `/reinitialiser?token=…`: choose a new password from an e-mailed link. */
export function ResetPasswordPage() {
  useDocumentTitle(pageTitle("Réinitialiser le mot de passe"));
  const [searchParams] = useSearchParams();
  const token = searchParams.get("token") ?? "";
  const form = useForm({ newPassword: "", confirmation: "" }, VALIDATORS);
  const reset = useMutationWithErrors(ResetPasswordMutation, (data) => data.resetPassword, {
    fields: FIELDS,
    onFieldErrors: form.setErrors,
    succeeded: (payload) => payload.ok,
  });
  const [done, setDone] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    reset.setGeneral([]);
    if (hasErrors(form.validate())) return;
    const outcome = await reset.run({ token, newPassword: form.values.newPassword });
    if (outcome.ok) setDone(true);
  }

  return (
    <AuthCard title="Réinitialiser le mot de passe">
      {!token ? (
        <Alert color="red" variant="light" title="Lien invalide" role="alert">
          <Text size="sm">Ce lien de réinitialisation est incomplet. Demandez-en un nouveau.</Text>
        </Alert>
      ) : done ? (
        <Alert color="green" variant="light" title="Mot de passe modifié" role="status">
          <Text size="sm">Votre mot de passe a été modifié : vous pouvez vous connecter.</Text>
        </Alert>
      ) : (
        <form onSubmit={onSubmit} noValidate aria-label="Choix du nouveau mot de passe">
          <Stack gap="sm">
            <FormAlert messages={reset.general} title="Réinitialisation impossible" />
            <PasswordInput
              label="Nouveau mot de passe"
              description={`Au moins ${PASSWORD_MIN_LENGTH} caractères.`}
              autoComplete="new-password"
              required
              {...form.textField("newPassword")}
            />
            <PasswordInput
              label="Confirmation du mot de passe"
              autoComplete="new-password"
              required
              {...form.textField("confirmation")}
            />
            <Button type="submit" loading={reset.fetching}>
              Enregistrer le mot de passe
            </Button>
          </Stack>
        </form>
      )}
      <Stack gap={4}>
        {done ? (
          <Anchor component={Link} to="/connexion" size="sm">
            Se connecter
          </Anchor>
        ) : (
          <Anchor component={Link} to="/mot-de-passe-oublie" size="sm">
            Demander un nouveau lien
          </Anchor>
        )}
      </Stack>
    </AuthCard>
  );
}

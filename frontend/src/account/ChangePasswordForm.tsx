import { Alert, Button, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { FormAlert } from "../components/FormAlert";
import { hasErrors, useForm } from "../forms/useForm";
import {
  PASSWORD_MIN_LENGTH,
  required,
  validateConfirmation,
  validateNewPassword,
} from "../forms/validation";
import { splitErrors } from "../graphql/errors";
import { useOperationErrors } from "../graphql/useOperationErrors";
import { ChangePasswordMutation } from "./documents";

const FIELDS = ["currentPassword", "newPassword"] as const;
const EMPTY = { currentPassword: "", newPassword: "", confirmation: "" };
const VALIDATORS = {
  currentPassword: required("Saisissez votre mot de passe actuel."),
  newPassword: validateNewPassword,
  confirmation: (value: string, values: typeof EMPTY) => validateConfirmation(value, values.newPassword),
};

/** "Changer de mot de passe": WRONG_PASSWORD / WEAK_PASSWORD shown next to their field. */
export function ChangePasswordForm() {
  const form = useForm(EMPTY, VALIDATORS);
  const [{ fetching }, changePassword] = useMutation(ChangePasswordMutation);
  const handleErrors = useOperationErrors();
  const [general, setGeneral] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setGeneral([]);
    setSaved(false);
    if (hasErrors(form.validate())) return;
    const result = await changePassword({
      currentPassword: form.values.currentPassword,
      newPassword: form.values.newPassword,
    });
    const topLevel = handleErrors(result.error);
    if (topLevel) {
      setGeneral([topLevel]);
      return;
    }
    const payload = result.data?.changePassword;
    if (payload?.ok && payload.errors.length === 0) {
      form.reset(EMPTY);
      setSaved(true);
      return;
    }
    const { byField, general: messages } = splitErrors(payload?.errors, FIELDS);
    form.setErrors(byField);
    setGeneral(messages);
  }

  return (
    <section aria-labelledby="password-heading">
      <Title order={2} size="h3" id="password-heading" mb="sm">
        Mot de passe
      </Title>
      <form onSubmit={onSubmit} noValidate aria-label="Changer de mot de passe">
        <Stack gap="sm" maw={420}>
          {saved && (
            <Alert color="green" variant="light" role="status" title="Mot de passe modifié">
              <Text size="sm">Votre mot de passe a été modifié.</Text>
            </Alert>
          )}
          <FormAlert messages={general} />
          <PasswordInput
            label="Mot de passe actuel"
            autoComplete="current-password"
            required
            {...form.textField("currentPassword")}
          />
          <PasswordInput
            label="Nouveau mot de passe"
            description={`Au moins ${PASSWORD_MIN_LENGTH} caractères.`}
            autoComplete="new-password"
            required
            {...form.textField("newPassword")}
          />
          <PasswordInput
            label="Confirmation du nouveau mot de passe"
            autoComplete="new-password"
            required
            {...form.textField("confirmation")}
          />
          <Button type="submit" loading={fetching} style={{ alignSelf: "flex-start" }}>
            Changer le mot de passe
          </Button>
        </Stack>
      </form>
    </section>
  );
}

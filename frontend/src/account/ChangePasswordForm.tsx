import { Alert, Button, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { FormAlert } from "../components/FormAlert";
import { hasErrors, useForm } from "../forms/useForm";
import {
  PASSWORD_MIN_LENGTH,
  required,
  validateConfirmation,
  validateNewPassword,
} from "../forms/validation";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
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
  const change = useMutationWithErrors(ChangePasswordMutation, (data) => data.changePassword, {
    fields: FIELDS,
    onFieldErrors: form.setErrors,
    succeeded: (payload) => payload.ok,
  });
  const [saved, setSaved] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    change.setGeneral([]);
    setSaved(false);
    if (hasErrors(form.validate())) return;
    const outcome = await change.run({
      currentPassword: form.values.currentPassword,
      newPassword: form.values.newPassword,
    });
    if (!outcome.ok) return;
    form.reset(EMPTY);
    setSaved(true);
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
          <FormAlert messages={change.general} />
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
          <Button type="submit" loading={change.fetching} style={{ alignSelf: "flex-start" }}>
            Changer le mot de passe
          </Button>
        </Stack>
      </form>
    </section>
  );
}

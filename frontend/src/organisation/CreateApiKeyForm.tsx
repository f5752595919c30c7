import { Button, Group, Select, Stack, TextInput, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { ROLE_OPTIONS } from "../auth/labels";
import { FormAlert } from "../components/FormAlert";
import type { Role } from "../gql/graphql";
import { hasErrors, useForm } from "../forms/useForm";
import { required } from "../forms/validation";
import { useMutationWithErrors } from "../graphql/useMutationWithErrors";
import { ApiKeySecretModal } from "./ApiKeySecretModal";
import { CreateApiKeyMutation } from "./documents";

const FIELDS = ["name", "role"] as const;
const EMPTY = { name: "", role: null as Role | null };
const VALIDATORS = {
  name: required("Saisissez un nom pour la clé."),
  role: (role: Role | null) => (role ? null : "Choisissez un rôle."),
};

/** "Nouvelle clé d'API": name + role → `createApiKey`, then the secret, once. */
export function CreateApiKeyForm({ onCreated }: { onCreated: () => void }) {
  const form = useForm(EMPTY, VALIDATORS);
  const create = useMutationWithErrors(CreateApiKeyMutation, (data) => data.createApiKey, {
    fields: FIELDS,
    onFieldErrors: form.setErrors,
    succeeded: (payload) => Boolean(payload.secret),
  });
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    create.setGeneral([]);
    if (hasErrors(form.validate()) || !form.values.role) return;
    const name = form.values.name.trim();
    const outcome = await create.run({ name, role: form.values.role });
    if (outcome.ok && outcome.payload.secret) {
      form.reset(EMPTY);
      setCreated({ name: outcome.payload.apiKey?.name ?? name, secret: outcome.payload.secret });
      onCreated();
      return;
    }
    // A refusal without any message (no secret and no error) still says something.
    if (!outcome.ok && outcome.general.length === 0 && !hasErrors(outcome.byField)) {
      create.setGeneral(["La clé n’a pas pu être créée."]);
    }
  }

  return (
    <section aria-labelledby="new-api-key-heading">
      <Title order={2} size="h3" id="new-api-key-heading" mb="sm">
        Nouvelle clé d'API
      </Title>
      <form onSubmit={onSubmit} noValidate aria-label="Nouvelle clé d'API">
        <Stack gap="sm">
          <FormAlert messages={create.general} title="Création impossible" />
          <Group align="flex-start" gap="sm" wrap="wrap">
            <TextInput
              label="Nom de la clé"
              description="Par exemple : « Export vers le SI régional »."
              required
              miw={260}
              {...form.textField("name")}
            />
            <Select
              label="Rôle"
              description="Droits accordés aux appels faits avec cette clé."
              data={ROLE_OPTIONS}
              value={form.values.role}
              onChange={(value) => form.setValue("role", value as Role | null)}
              error={form.errors.role}
              required
              allowDeselect={false}
              miw={220}
              comboboxProps={{ withinPortal: true }}
            />
          </Group>
          <Button type="submit" loading={create.fetching} style={{ alignSelf: "flex-start" }}>
            Créer la clé
          </Button>
        </Stack>
      </form>
      <ApiKeySecretModal
        secret={created?.secret ?? null}
        keyName={created?.name ?? ""}
        onClose={() => setCreated(null)}
      />
    </section>
  );
}
